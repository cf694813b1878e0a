package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.GroupName;
import dev.tandem.model.SiteId;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CutId;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.ZkClients;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.registry.ZkSecurity;
import dev.tandem.testing.RealComponents;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tandem registry-acl}: the one-shot ACL repair of a registry written before authentication was on. */
@RealComponents
class RegistryAclCommandTest {
  private static final GroupName G = GroupName.of("billing");
  private static final RegistryPaths PATHS = new RegistryPaths("/tandem");

  @TempDir
  File confDir;

  @AfterEach
  void reset() {
    ZkClients.use(ZkSecurity.none());
  }

  private int run(StringWriter out, String... args) {
    CommandLine cli = TandemCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void setsTheAclsOfAnOpenRegistryFromTheConfDirsSettings() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      try (ZkRegistry open = ZkRegistry.connect(zk.getConnectString(), "/tandem", "before")) {
        open.putPair(new ClusterPair(SiteId.of("east"), SiteId.of("west")));
        open.moveLastGoodCut(G, Optional.empty(), CutId.at(Instant.parse("2026-12-08T01:30:00Z")));
      }
      StringWriter out = new StringWriter();
      assertThat(run(out, "registry-acl", "--registry", zk.getConnectString(), "--conf-dir",
          confDir.getAbsolutePath())).as(out.toString()).isEqualTo(TandemCli.EXIT_USAGE);
      assertThat(out.toString()).contains("tandem.zookeeper.auth is none");

      Files.writeString(new File(confDir, "tandem-site.xml").toPath(), "<configuration>"
          + "<property><name>tandem.zookeeper.auth</name><value>digest</value></property>"
          + "<property><name>tandem.zookeeper.digest.secret</name><value>east-and-west-share-this</value></property>"
          + "</configuration>");
      out = new StringWriter();
      assertThat(run(out, "registry-acl", "--registry", zk.getConnectString(), "--conf-dir",
          confDir.getAbsolutePath())).as(out.toString()).isZero();
      assertThat(out.toString()).contains("/tandem (digest as tandem): ").contains(" ACLs set, 0 already right")
          .doesNotContain("east-and-west-share-this");

      CuratorFramework outsider = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
      try (outsider) {
        outsider.start();
        assertThat(outsider.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> outsider.getData().forPath(PATHS.lastGoodCut(G)))
            .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> outsider.setData().forPath(PATHS.lastGoodCut(G), new byte[0]))
            .isInstanceOf(KeeperException.NoAuthException.class);
      }
      out = new StringWriter();
      assertThat(run(out, "registry-acl", "--registry", zk.getConnectString(), "--conf-dir",
          confDir.getAbsolutePath())).isZero();
      assertThat(out.toString()).contains(": 0 ACLs set,");
    }
  }
}
