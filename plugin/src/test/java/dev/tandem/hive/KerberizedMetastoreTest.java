package dev.tandem.hive;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.ClusterSpec;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import java.io.File;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A metastore that requires Kerberos (SASL), as on a secure cluster, against a real KDC: Tandem reaches it as
 * its login user with the metastore's service principal, and a plain or misdirected client is told why not.
 */
@RealComponents
class KerberizedMetastoreTest {
  private static MiniKdc kdc;
  private static File work;
  private static EmbeddedMetastore metastore;
  private static String realm;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "kerberized-hms").toFile();
    kdc = new MiniKdc(MiniKdc.createConf(), new File(work, "kdc"));
    dev.tandem.testing.Kdcs.start(kdc);
    realm = kdc.getRealm();
    File hiveKeytab = new File(work, "hive.keytab");
    File tandemKeytab = new File(work, "tandem.keytab");
    kdc.createPrincipal(hiveKeytab, "hive/localhost");
    kdc.createPrincipal(tandemKeytab, "tandem/localhost");

    String fs = new File(work, "fs").toURI().toString().replaceAll("/$", "");
    Map<String, String> secure = Map.of(
        "hadoop.security.authentication", "kerberos",
        "metastore.sasl.enabled", "true",
        "metastore.kerberos.principal", "hive/localhost@" + realm,
        "metastore.kerberos.keytab.file", hiveKeytab.getAbsolutePath());
    metastore = EmbeddedMetastore.start("secure", new File(work, "hms"), fs, secure);

    // Tandem's side: the server's keytab login (ServiceLogin does the same from tandem-site.xml).
    Configuration conf = new Configuration(false);
    conf.set("hadoop.security.authentication", "kerberos");
    UserGroupInformation.setConfiguration(conf);
    UserGroupInformation.loginUserFromKeytab("tandem/localhost@" + realm, tandemKeytab.getAbsolutePath());
  }

  @AfterAll
  static void stop() {
    if (metastore != null) {
      metastore.close();
    }
    // UGI is JVM-global: leave simple authentication behind for the other test classes.
    UserGroupInformation.setConfiguration(new Configuration());
    UserGroupInformation.reset();
    if (kdc != null) {
      kdc.stop();
    }
    FileUtil.fullyDelete(work);
  }

  @AfterEach
  void plainAgain() {
    HmsClient.secure(MetastoreSecurity.PLAIN);
  }

  private static MetastoreSecurity kerberos(String principal) {
    return new MetastoreSecurity(principal, "authentication");
  }

  @Test
  void aKerberosClientWritesAndReadsAsItsLoginUser() throws Exception {
    try (HmsClient c = HmsClient.connect(metastore.uri(), 30_000, kerberos("hive/localhost@" + realm))) {
      c.rpc().create_database(new Database("secured", "", new File(work, "fs/secured.db").toURI().toString(),
          new HashMap<>()));
      Database d = c.rpc().get_database("secured");
      assertThat(d.getName()).isEqualTo("secured");
      // The metastore ran the call as the authenticated client, not as itself.
      assertThat(d.getOwnerName()).isEqualTo("tandem");
    }
  }

  @Test
  void theProcessWideSettingReachesEveryAdapter() {
    HmsClient.secure(kerberos("hive/localhost@" + realm));
    Site site = new Site(SiteId.of("secure"), "lab", "hdfs://localhost:8020", "localhost:2181", metastore.uri(),
        ClusterSpec.UNKNOWN);
    assertThat(new HmsHiveCatalog().databases(site)).contains("default");
  }

  @Test
  void aPlainClientIsToldAboutTheKerberosSetting() {
    try (HmsClient c = HmsClient.connect(metastore.uri(), 30_000, MetastoreSecurity.PLAIN)) {
      assertThatThrownBy(() -> c.call("list databases", rpc -> rpc.get_all_databases()))
          .isInstanceOf(PeerUnavailableException.class)
          .hasMessageContaining("cannot list databases")
          .hasMessageContaining("tandem.hive.metastore.kerberos.principal");
    }
  }

  @Test
  void aPrincipalTheKdcDoesNotKnowIsNamedInTheError() {
    assertThatThrownBy(() -> HmsClient.connect(metastore.uri(), 30_000, kerberos("nosuch/localhost@" + realm)))
        .isInstanceOf(PeerUnavailableException.class)
        .hasMessageContaining("nosuch/localhost@" + realm)
        .hasMessageContaining("as tandem/localhost@" + realm)
        .hasMessageContaining("GSS initiate failed; check that the KDC knows that principal");
  }
}
