package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.AuthToLocal;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.PasswordHash;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tandem-site.xml: every problem is reported with its key before anything starts. */
class ServerConfigurationTest {
  @TempDir
  File confDir;

  static Stream<Arguments> badConfigurations() {
    Map<String, String> ok = Map.of(TandemProperties.SITE_ID, "east", TandemProperties.ZOOKEEPER_CONNECT,
        "zk1:2181", TandemProperties.SITE_FS_URI, "hdfs://nn1:8020", TandemProperties.VIEW_SECRET, "a-view-secret-of-16+");
    return Stream.of(
        Arguments.of(without(ok, TandemProperties.SITE_ID), TandemProperties.SITE_ID),
        Arguments.of(with(ok, TandemProperties.SITE_ID, "East Site"), TandemProperties.SITE_ID),
        Arguments.of(without(ok, TandemProperties.ZOOKEEPER_CONNECT), TandemProperties.ZOOKEEPER_CONNECT),
        Arguments.of(with(ok, TandemProperties.SITE_FS_URI, "file:///tmp"), TandemProperties.SITE_FS_URI),
        Arguments.of(with(ok, TandemProperties.AUTH_TYPE, "none"), TandemProperties.AUTH_TYPE),
        Arguments.of(with(ok, TandemProperties.AUTH_TYPE, "kerberos"), TandemProperties.AUTH_KERBEROS_KEYTAB),
        Arguments.of(with(ok, TandemProperties.AUTH_TYPE, "magic"), TandemProperties.AUTH_TYPE),
        Arguments.of(without(ok, TandemProperties.VIEW_SECRET), TandemProperties.AUTH_USERS_FILE),
        Arguments.of(with(ok, TandemProperties.SERVER_RUN_THREADS, "0"), TandemProperties.SERVER_RUN_THREADS),
        Arguments.of(with(ok, TandemProperties.AUTH_VIEW_DEFAULT_ROLE, "root"), TandemProperties.AUTH_VIEW_DEFAULT_ROLE),
        Arguments.of(with(ok, TandemProperties.ARBITRATION_HEARTBEAT_MS, "0"), TandemProperties.ARBITRATION_HEARTBEAT_MS),
        Arguments.of(with(ok, TandemProperties.ARBITRATION_LEASE_MS, "2000"), TandemProperties.ARBITRATION_LEASE_MS),
        Arguments.of(with(ok, TandemProperties.ARBITRATION_GRACE_MS, "7000"), TandemProperties.ARBITRATION_GRACE_MS),
        Arguments.of(with(ok, TandemProperties.DR_TIMEOUT_SECONDS, "-1"), TandemProperties.DR_TIMEOUT_SECONDS),
        Arguments.of(with(ok, TandemProperties.HIVE_METASTORE_KERBEROS_PRINCIPAL, "hive@EXAMPLE.COM"),
            TandemProperties.HIVE_METASTORE_KERBEROS_PRINCIPAL),
        Arguments.of(with(ok, TandemProperties.HIVE_METASTORE_SASL_PROTECTION, "secret"),
            TandemProperties.HIVE_METASTORE_SASL_PROTECTION),
        Arguments.of(with(ok, "hive.metastore.sasl.enabled", "true"), TandemProperties.HIVE_METASTORE_KERBEROS_PRINCIPAL),
        Arguments.of(with(ok, TandemProperties.HIVE_FULL_READ_INTERVAL, "daily"), TandemProperties.HIVE_FULL_READ_INTERVAL),
        Arguments.of(with(ok, TandemProperties.HIVE_FULL_READ_INTERVAL, "-1h"), TandemProperties.HIVE_FULL_READ_INTERVAL),
        Arguments.of(with(ok, TandemProperties.VERIFY_FULL_INTERVAL, "daily"), TandemProperties.VERIFY_FULL_INTERVAL),
        Arguments.of(with(ok, TandemProperties.VERIFY_FULL_INTERVAL, "-24h"), TandemProperties.VERIFY_FULL_INTERVAL),
        Arguments.of(with(ok, TandemProperties.DRIFT_SNAPSHOT_RETENTION, "weekly"),
            TandemProperties.DRIFT_SNAPSHOT_RETENTION),
        Arguments.of(with(ok, TandemProperties.DRIFT_SNAPSHOT_RETENTION, "-7d"),
            TandemProperties.DRIFT_SNAPSHOT_RETENTION),
        Arguments.of(with(ok, TandemProperties.SPACE_REFRESH_INTERVAL, "-1m"), TandemProperties.SPACE_REFRESH_INTERVAL),
        Arguments.of(with(ok, TandemProperties.SPACE_SCAN_MAX_FILES, "0"), TandemProperties.SPACE_SCAN_MAX_FILES),
        Arguments.of(with(ok, TandemProperties.AUTH_FAILURES_MAX, "-1"), TandemProperties.AUTH_FAILURES_MAX),
        Arguments.of(with(ok, TandemProperties.AUTH_FAILURES_WINDOW, "often"), TandemProperties.AUTH_FAILURES_WINDOW),
        Arguments.of(with(ok, TandemProperties.AUTH_FAILURES_WINDOW, "-5m"), TandemProperties.AUTH_FAILURES_WINDOW),
        Arguments.of(with(ok, TandemProperties.ZOOKEEPER_AUTH, "kerberos"), TandemProperties.ZOOKEEPER_AUTH),
        Arguments.of(with(ok, TandemProperties.ZOOKEEPER_AUTH, "digest"), TandemProperties.ZOOKEEPER_DIGEST_SECRET),
        Arguments.of(with(ok, TandemProperties.ZOOKEEPER_AUTH, "sasl"), TandemProperties.ZOOKEEPER_AUTH));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badConfigurations")
  void badConfigurationNamesTheKey(Map<String, String> values, String key) {
    Configuration conf = new Configuration(false);
    values.forEach(conf::set);
    assertThatThrownBy(() -> ServerConfiguration.build(conf, confDir)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(key));
  }

  @Test
  void authToLocalFromTandemElseHadoop() {
    Configuration conf = new Configuration(false);
    assertThat(ServerConfiguration.authToLocal(conf).source()).isEqualTo("hadoop.security.auth_to_local");
    conf.set("hadoop.security.auth_to_local", "RULE:[1:$1@$0](.*@EAST\\.EXAMPLE\\.COM)s/@.*//");
    assertThat(ServerConfiguration.authToLocal(conf).map("ada@EAST.EXAMPLE.COM")).contains("ada");
    conf.set(TandemProperties.AUTH_KERBEROS_AUTH_TO_LOCAL, "RULE:[1:$1@$0](.*@WEST\\.EXAMPLE\\.COM)s/@.*//");
    AuthToLocal own = ServerConfiguration.authToLocal(conf);
    assertThat(own.source()).isEqualTo(TandemProperties.AUTH_KERBEROS_AUTH_TO_LOCAL);
    assertThat(own.map("ada@EAST.EXAMPLE.COM")).isEmpty();
    conf.set(TandemProperties.AUTH_KERBEROS_AUTH_TO_LOCAL, "RULE:[1:$1](broken");
    assertThatThrownBy(() -> ServerConfiguration.authToLocal(conf)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field())
            .isEqualTo(TandemProperties.AUTH_KERBEROS_AUTH_TO_LOCAL));
    org.apache.hadoop.security.authentication.util.KerberosName.setRules("DEFAULT");
  }

  @Test
  void failedLoginsAreBrakedAsConfigured() throws Exception {
    Files.writeString(new File(confDir, "tandem-users.properties").toPath(),
        "ada = admin, " + PasswordHash.create("pw".toCharArray(), 1000) + "\n");
    Configuration conf = new Configuration(false);
    conf.set(TandemProperties.AUTH_FAILURES_MAX, "2");
    Authenticator auth = ServerConfiguration.authenticator(conf, confDir);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> auth.authenticate(basic("ada:guess"), "10.0.0.1"))
          .isInstanceOf(dev.tandem.server.error.AuthenticationRequiredException.class);
    }
    assertThatThrownBy(() -> auth.authenticate(basic("ada:pw"), "10.0.0.2"))
        .isInstanceOf(dev.tandem.server.error.TooManyRequestsException.class);
  }

  private static java.util.function.Function<String, String> basic(String userColonPassword) {
    String value = "Basic " + java.util.Base64.getEncoder().encodeToString(userColonPassword.getBytes());
    return h -> h.equals("Authorization") ? value : null;
  }

  @Test
  void usersFileNextToTheConfiguration() throws Exception {
    Files.writeString(new File(confDir, "tandem-users.properties").toPath(),
        "ada = admin, " + PasswordHash.create("pw".toCharArray(), 1000) + "\nbob = operator\n");
    Configuration conf = new Configuration(false);
    Authenticator auth = ServerConfiguration.authenticator(conf, confDir);
    assertThat(auth.mode()).isEqualTo(AuthMode.BASIC);
    var caller = auth.authenticate(h -> h.equals("Authorization")
        ? "Basic " + java.util.Base64.getEncoder().encodeToString("ada:pw".getBytes()) : null);
    assertThat(caller.role().label()).isEqualTo("admin");
  }

  @Test
  void metastoreSecurityFromTandemsKeysOrHives() {
    Configuration conf = new Configuration(false);
    assertThat(ServerConfiguration.metastoreSecurity(conf).kerberos()).isFalse();
    conf.set("hive.metastore.sasl.enabled", "true");
    conf.set("hive.metastore.kerberos.principal", "hive/_HOST@EAST.EXAMPLE.COM");
    conf.set("hadoop.rpc.protection", "privacy,authentication");
    assertThat(ServerConfiguration.metastoreSecurity(conf))
        .isEqualTo(new dev.tandem.hive.MetastoreSecurity("hive/_HOST@EAST.EXAMPLE.COM", "privacy"));
    conf.set(TandemProperties.HIVE_METASTORE_KERBEROS_PRINCIPAL, "hms/_HOST@EXAMPLE.COM");
    assertThat(ServerConfiguration.metastoreSecurity(conf))
        .isEqualTo(new dev.tandem.hive.MetastoreSecurity("hms/_HOST@EXAMPLE.COM", "authentication"));
  }

  @Test
  void theServersZooKeeperIdentityIsSetForEveryClientItBuilds() {
    Configuration conf = new Configuration(false);
    Map.of(TandemProperties.SITE_ID, "east", TandemProperties.ZOOKEEPER_CONNECT, "zk1:2181",
        TandemProperties.SITE_FS_URI, "hdfs://nn1:8020", TandemProperties.VIEW_SECRET, "a-view-secret-of-16+",
        TandemProperties.ZOOKEEPER_AUTH, "digest", TandemProperties.ZOOKEEPER_DIGEST_SECRET,
        "east-and-west-share-this").forEach(conf::set);
    try {
      ServerConfiguration.build(conf, confDir);
      assertThat(dev.tandem.registry.ZkClients.security()).hasToString("digest as tandem");
    } finally {
      dev.tandem.registry.ZkClients.use(dev.tandem.registry.ZkSecurity.none());
    }
  }

  @Test
  void missingConfigurationFileIsNamed() {
    assertThatThrownBy(() -> ServerConfiguration.fromConfDir(new File(confDir, "nope")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tandem-site.xml");
  }

  static Map<String, String> with(Map<String, String> base, String k, String v) {
    var m = new java.util.HashMap<>(base);
    m.put(k, v);
    return m;
  }

  static Map<String, String> without(Map<String, String> base, String k) {
    var m = new java.util.HashMap<>(base);
    m.remove(k);
    return m;
  }
}
