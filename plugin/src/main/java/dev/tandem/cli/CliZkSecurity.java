package dev.tandem.cli;

import dev.tandem.registry.ZkAuth;
import dev.tandem.registry.ZkClients;
import dev.tandem.registry.ZkJaas;
import dev.tandem.server.ServerConfiguration;
import dev.tandem.server.TandemProperties;
import java.io.File;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The ZooKeeper identity of CLI verbs that act on registries directly (the disaster-recovery verbs, {@code tandem
 * registry-acl}): the {@code tandem.zookeeper.*} settings of {@code $TANDEM_CONF_DIR/tandem-site.xml}, else of a
 * tandem-site.xml on the class path; with SASL and no JAAS {@code Client} section, the user's ticket cache
 * ({@code kinit}). Without either file: no authentication.
 */
final class CliZkSecurity {
  private CliZkSecurity() {}

  static void apply() {
    String dir = System.getenv("TANDEM_CONF_DIR");
    apply(dir == null ? null : new File(dir));
  }

  /** From {@code confDir}'s tandem-site.xml (null: a tandem-site.xml on the class path, if any). */
  static void apply(File confDir) {
    Configuration conf = new Configuration();
    File site = confDir == null ? null : new File(confDir, TandemProperties.SITE_FILE);
    if (site != null && site.isFile()) {
      conf.addResource(new org.apache.hadoop.fs.Path(site.getAbsolutePath()));
    } else if (CliZkSecurity.class.getClassLoader().getResource(TandemProperties.SITE_FILE) != null) {
      conf.addResource(TandemProperties.SITE_FILE);
    }
    ZkAuth auth = ZkAuth.parse(TandemProperties.ZOOKEEPER_AUTH,
        conf.get(TandemProperties.ZOOKEEPER_AUTH, TandemProperties.ZOOKEEPER_AUTH_DEFAULT));
    if (auth == ZkAuth.SASL) {
      ZkJaas.installTicketCache();
    }
    ZkClients.use(ServerConfiguration.zkSecurity(conf, Optional.empty()));
  }
}
