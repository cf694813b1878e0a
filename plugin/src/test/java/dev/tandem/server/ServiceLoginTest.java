package dev.tandem.server;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import java.io.File;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's own Kerberos login (for HDFS and ZooKeeper clients) against a real KDC. */
@RealComponents
class ServiceLoginTest {
  private static MiniKdc kdc;
  private static File dir;
  private static File keytab;

  @BeforeAll
  static void startKdc() throws Exception {
    dir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "kdc").toFile();
    kdc = new MiniKdc(MiniKdc.createConf(), dir);
    dev.tandem.testing.Kdcs.start(kdc);
    keytab = new File(dir, "tandem.keytab");
    kdc.createPrincipal(keytab, "tandem/localhost");
  }

  @AfterAll
  static void stopKdc() {
    // UGI is JVM-global: leave simple authentication behind for the other test classes.
    UserGroupInformation.setConfiguration(new Configuration());
    UserGroupInformation.reset();
    kdc.stop();
    FileUtil.fullyDelete(dir);
  }

  private static Configuration conf(String principal, String keytabPath) {
    Configuration conf = new Configuration(false);
    conf.set(TandemProperties.KERBEROS_PRINCIPAL, principal);
    if (keytabPath != null) {
      conf.set(TandemProperties.KERBEROS_KEYTAB, keytabPath);
    }
    return conf;
  }

  @Test
  void logsInFromTheKeytabAsTheConfiguredPrincipal() throws Exception {
    String principal = "tandem/localhost@" + kdc.getRealm();
    assertThat(ServiceLogin.login(conf(principal, keytab.getAbsolutePath()))).contains(principal);
    UserGroupInformation me = UserGroupInformation.getLoginUser();
    assertThat(me.getUserName()).isEqualTo(principal);
    assertThat(me.hasKerberosCredentials()).isTrue();
    assertThat(UserGroupInformation.isSecurityEnabled()).isTrue();
  }

  @Test
  void noPrincipalNoLogin() {
    assertThat(ServiceLogin.login(new Configuration(false))).isEmpty();
  }

  @Test
  void aMissingOrUnreadableKeytabNamesTheProperty() {
    assertThatThrownBy(() -> ServiceLogin.login(conf("tandem/localhost@" + kdc.getRealm(), null)))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("tandem.kerberos.keytab"));
    assertThatThrownBy(() -> ServiceLogin.login(conf("tandem/localhost@" + kdc.getRealm(), "/no/such.keytab")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("/no/such.keytab");
  }

  @Test
  void aPrincipalTheKdcDoesNotKnowFailsWithItsName() {
    assertThatThrownBy(() -> ServiceLogin.login(conf("nobody/localhost@" + kdc.getRealm(),
        keytab.getAbsolutePath())))
        .hasMessageContaining("Kerberos login as nobody/localhost@" + kdc.getRealm());
  }
}
