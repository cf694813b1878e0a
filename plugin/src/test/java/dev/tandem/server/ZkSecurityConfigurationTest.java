package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import dev.tandem.registry.ZkAuth;
import dev.tandem.registry.ZkSecurity;
import java.io.File;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem.zookeeper.*} read from a configuration. */
class ZkSecurityConfigurationTest {
  @TempDir
  File dir;

  @Test
  void offByDefault() {
    assertThat(ServerConfiguration.zkSecurity(new Configuration(false), Optional.empty()))
        .isEqualTo(ZkSecurity.none());
  }

  @Test
  void digestSecretComesFromACredentialProvider() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        "jceks://file" + new File(dir, "zk.jceks").getAbsolutePath());
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    provider.createCredentialEntry(TandemProperties.ZOOKEEPER_DIGEST_SECRET, "from-the-jceks-file".toCharArray());
    provider.flush();
    conf.set(TandemProperties.ZOOKEEPER_AUTH, "digest");
    conf.set(TandemProperties.ZOOKEEPER_DIGEST_USER, "dr");
    ZkSecurity s = ServerConfiguration.zkSecurity(conf, Optional.empty());
    assertThat(s.auth()).isEqualTo(ZkAuth.DIGEST);
    assertThat(new String(s.digestCredentials())).isEqualTo("dr:from-the-jceks-file");
  }

  @Test
  void aShortSecretStopsTheServerNamingTheKey() {
    Configuration conf = new Configuration(false);
    conf.set(TandemProperties.ZOOKEEPER_AUTH, "digest");
    conf.set(TandemProperties.ZOOKEEPER_DIGEST_SECRET, "tandem");
    assertThatThrownBy(() -> ServerConfiguration.zkSecurity(conf, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("tandem.zookeeper.digest.secret is too short: 6 characters, at least 16");
  }

  @Test
  void saslWithoutJaasOrKeytabStopsTheServer() {
    Configuration conf = new Configuration(false);
    conf.set(TandemProperties.ZOOKEEPER_AUTH, "sasl");
    assertThatThrownBy(() -> ServerConfiguration.zkSecurity(conf, Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tandem.zookeeper.auth=sasl needs a JAAS 'Client' section");
  }

  @Test
  void theViewSecretComesFromACredentialProviderAndMustBeLongEnough() throws Exception {
    Configuration conf = new Configuration(false);
    assertThatThrownBy(() -> ServerConfiguration.authenticator(conf, dir)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Nobody could log in");
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        "jceks://file" + new File(dir, "view.jceks").getAbsolutePath());
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    provider.createCredentialEntry(TandemProperties.VIEW_SECRET, "from-the-jceks-file".toCharArray());
    provider.flush();
    assertThat(ServerConfiguration.authenticator(conf, dir)).isNotNull();

    Configuration plain = new Configuration(false);
    plain.set(TandemProperties.VIEW_SECRET, "short-secret");
    assertThatThrownBy(() -> ServerConfiguration.authenticator(plain, dir)).isInstanceOf(InvalidInputException.class)
        .hasMessage("tandem.view.secret is too short: 12 characters, at least 16");
  }
}
