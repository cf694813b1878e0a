package dev.tandem.cli;

import dev.tandem.registry.TandemAclProvider;
import dev.tandem.registry.ZkAclRepair;
import dev.tandem.registry.ZkClients;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.registry.ZkSecurity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem registry-acl}: gives every persistent znode of a registry the ACL Tandem gives new ones, as the
 * server does at start when the root's ACL is not the expected one. For an upgrade, or after changing the ids.
 */
@Command(name = "registry-acl", mixinStandardHelpOptions = true,
    description = {"Sets the ACLs of a site's registry to those of tandem.zookeeper.auth (read from "
        + "<conf-dir>/tandem-site.xml), walking the whole tree. Servers do it at start when the root's ACL "
        + "differs; run it after changing tandem.zookeeper.sasl.ids or the digest secret."})
final class RegistryAclCommand implements Callable<Integer> {
  @Option(names = "--registry", required = true, paramLabel = "ZK", description = "ZooKeeper connect string")
  String registry;

  @Option(names = "--registry-root", defaultValue = "/tandem", description = "Registry root (default: ${DEFAULT-VALUE})")
  String root;

  @Option(names = "--conf-dir", paramLabel = "DIR",
      description = "Directory with tandem-site.xml (its tandem.zookeeper.* keys). Default: $TANDEM_CONF_DIR")
  java.io.File confDir;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (confDir != null) {
      CliZkSecurity.apply(confDir);
    } else {
      CliZkSecurity.apply();
    }
    ZkSecurity security = ZkClients.security();
    if (!security.enabled()) {
      spec.commandLine().getErr().println("tandem.zookeeper.auth is none: nothing to protect (set it in <conf-dir>/tandem-site.xml)");
      return TandemCli.EXIT_USAGE;
    }
    try (ZkRegistry r = ZkRegistry.connect(registry, root, "registry " + registry)) {
      ZkAclRepair.Result result = new ZkAclRepair(r.client(), root, new TandemAclProvider(root, security)).run();
      out.printf("%s (%s): %d ACLs set, %d already right%n", root, security, result.changed(),
          result.unchanged());
      for (String path : result.refused()) {
        out.println("refused (not ours to change): " + path);
      }
      out.flush();
      return result.complete() ? 0 : TandemCli.EXIT_FAILED;
    }
  }
}
