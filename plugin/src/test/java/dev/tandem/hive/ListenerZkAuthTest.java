package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.WriterFence;
import dev.tandem.metastore.FenceHeldException;
import dev.tandem.metastore.FencePaths;
import dev.tandem.metastore.MetastoreFenceWatch;
import dev.tandem.metastore.RegistryUnavailableException;
import dev.tandem.model.GroupName;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.TandemAclProvider;
import dev.tandem.registry.ZkClients;
import dev.tandem.registry.ZkMetastoreFence;
import dev.tandem.registry.ZkSecurity;
import dev.tandem.testing.RealComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metastore fence listener's ZooKeeper identity ({@link ListenerZkAuth}, from hive-site keys) against a real
 * ZooKeeper with digest authentication: it reads and confirms the control plane's fences, its nodes carry the
 * servers' ACLs, and with a wrong secret it cannot watch at all (so the metastore holds its writes, as with an
 * unreachable registry). Without {@code tandem.zookeeper.auth} nothing changes.
 */
@RealComponents
class ListenerZkAuthTest {
  private static final String SECRET = "east-and-west-share-this";
  private static final ZkSecurity DIGEST = ZkSecurity.digest("user", "tandem", "secret", SECRET);
  private static final GroupName G = GroupName.of("billing");
  private static final RegistryPaths PATHS = new RegistryPaths("/tandem");

  private TestingServer zk;
  private CuratorFramework control;
  private ZkMetastoreFence fence;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    control = ZkClients.builder(zk.getConnectString(), "/tandem", DIGEST).retryPolicy(new RetryOneTime(100))
        .sessionTimeoutMs(10_000).connectionTimeoutMs(2_000).build();
    control.start();
    assertThat(control.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    fence = new ZkMetastoreFence(control, PATHS);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    control.close();
    zk.close();
  }

  private static Configuration hiveSite(String auth, String secret) {
    Configuration conf = new Configuration(false);
    if (auth != null) {
      conf.set(ListenerZkAuth.AUTH, auth);
      conf.set(ListenerZkAuth.DIGEST_SECRET, secret);
    }
    return conf;
  }

  private MetastoreFenceWatch metastore(Configuration hiveSite) throws Exception {
    CuratorFramework client = ListenerZkAuth.apply(CuratorFrameworkFactory.builder(), hiveSite, "/tandem")
        .connectString(zk.getConnectString()).retryPolicy(new RetryOneTime(100)).sessionTimeoutMs(10_000)
        .connectionTimeoutMs(2_000).build();
    client.start();
    MetastoreFenceWatch w = new MetastoreFenceWatch(client, new FencePaths("/tandem"), data -> {
      Set<String> held = Set.of(new String(data, StandardCharsets.UTF_8).split(","));
      return (db, table) -> held.contains(db + "." + table);
    }, true);
    open.add(w);
    return w.start(Duration.ofSeconds(5));
  }

  @Test
  void withTheServersCredentialsTheListenerHoldsAndConfirmsFences() throws Exception {
    MetastoreFenceWatch watch = metastore(hiveSite("digest", SECRET));
    try (WriterFence.Raised raised = fence.raise(G, "sales.orders".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> watch.begin("sales", "orders", Duration.ofMillis(200)))
          .isInstanceOf(FenceHeldException.class);
      // the listener's nodes carry exactly the ACLs the servers give them, so a repair changes nothing
      TandemAclProvider acls = new TandemAclProvider("/tandem", DIGEST);
      List<String> nodes = new ArrayList<>();
      for (String instance : control.getChildren().forPath(PATHS.metastoreInstances())) {
        nodes.add(PATHS.metastoreInstance(instance));
      }
      nodes.add(PATHS.metastoreAcks(G.value()));
      for (String ack : control.getChildren().forPath(PATHS.metastoreAcks(G.value()))) {
        nodes.add(PATHS.metastoreAck(G.value(), ack));
      }
      assertThat(nodes).hasSize(3);
      for (String node : nodes) {
        assertThat(new HashSet<>(control.getACL().forPath(node))).as(node)
            .isEqualTo(new HashSet<>(acls.getAclForPath(node)));
      }
    }
    watch.begin("sales", "orders", Duration.ofSeconds(5)).close();
  }

  @Test
  void withAWrongSecretTheListenerCannotWatch() throws Exception {
    control.createContainers(PATHS.metastoreFences());
    control.create().forPath(PATHS.metastoreFences() + "/keep"); // keeps the container
    assertThatThrownBy(() -> metastore(hiveSite("digest", "not-the-servers-secret")))
        .isInstanceOf(RegistryUnavailableException.class);
    assertThatThrownBy(() -> metastore(hiveSite(null, null))).isInstanceOf(RegistryUnavailableException.class);
  }

  @Test
  void badSettingsNameTheirKey() {
    assertThatThrownBy(() -> metastore(hiveSite("digest", "short"))).isInstanceOf(MetaException.class)
        .hasMessage("Tandem: tandem.zookeeper.digest.secret is too short: 5 characters, at least 16");
    assertThatThrownBy(() -> metastore(hiveSite("kerberos", SECRET))).isInstanceOf(MetaException.class)
        .hasMessage("Tandem: invalid tandem.zookeeper.auth: kerberos (none, digest or sasl)");
  }
}
