package dev.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Versioned;
import dev.tandem.engine.GroupLock;
import dev.tandem.engine.WriterFence;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.ClusterSpec;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.testing.RealComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * ZooKeeper authentication and ACLs against a real ZooKeeper (digest scheme): Tandem's registry operations work
 * with auth on, and a client without Tandem's credentials (anonymous, or with a wrong secret) can neither read nor
 * change groups, the last good cut, the epoch or fences. A tree written before auth was on is repaired.
 */
@RealComponents
class ZkAuthTest {
  private static final String SECRET = "east-and-west-share-this";
  private static final ZkSecurity DIGEST = ZkSecurity.digest("user", "tandem", "secret", SECRET);
  private static final GroupName G = GroupName.of("billing");
  private static final SiteId EAST = SiteId.of("east");
  private static final SiteId WEST = SiteId.of("west");
  private static final ClusterPair PAIR = new ClusterPair(EAST, WEST);
  private static final PairKey KEY = PairKey.of(PAIR);
  private static final RegistryPaths PATHS = new RegistryPaths("/tandem");
  private static final CutId C1 = CutId.at(Instant.parse("2026-12-08T01:30:00Z"));
  private static final CutId C2 = CutId.at(Instant.parse("2026-12-08T05:30:00Z"));

  private TestingServer zk;
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    ZkClients.use(ZkSecurity.none());
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    zk.close();
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private ZkRegistry registry(String label) {
    return keep(ZkRegistry.connect(zk.getConnectString(), "/tandem", label));
  }

  private ZkArbitrationStore arbitration() {
    ZkArbitrationStore s = keep(ZkArbitrationStore.connect(EAST, zk.getConnectString(), "/tandem",
        Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThat(s.awaitConnected(Duration.ofSeconds(10))).isTrue();
    return s;
  }

  /** A client that is not Tandem: anonymous, or presenting {@code credentials}. */
  private CuratorFramework outsider(String credentials) throws InterruptedException {
    CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
        .retryPolicy(new RetryOneTime(100)).sessionTimeoutMs(10_000).connectionTimeoutMs(2_000);
    if (credentials != null) {
      b.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework c = keep(b.build());
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  private static ProtectionGroup group() {
    return new ProtectionGroup(G, PAIR, List.of(HdfsDirectory.of("/data/billing")),
        Schedule.parse("01:30", "4h", "Europe/Paris"), 7, SnapshotEnablement.ENABLE_IF_MISSING, true);
  }

  /** What a server writes: site, pair, group, last good cut, epoch; and a raised writer fence (returned). */
  private WriterFence.Raised seed(ZkRegistry r, ZkArbitrationStore a) {
    r.putSite(new Site(EAST, "Frankfurt", "hdfs://east", zk.getConnectString(), "", ClusterSpec.UNKNOWN));
    r.putPair(PAIR);
    r.putGroup(group());
    r.moveLastGoodCut(G, Optional.empty(), C1);
    a.initialize(KEY, Epoch.initial(PAIR));
    return r.fence(G).raise(Duration.ofSeconds(5));
  }

  private static List<String> guarded() {
    return List.of(PATHS.site(EAST), PATHS.pair(PAIR.id()), PATHS.group(G), PATHS.lastGoodCut(G), PATHS.epoch(KEY.toString()),
        PATHS.fenceRaised(G));
  }

  @Test
  void registryOperationsWorkEndToEndWithAuthOn() throws Exception {
    ZkClients.use(DIGEST);
    ZkRegistry east = registry("east");
    ZkArbitrationStore arbitration = arbitration();
    WriterFence.Raised raised = seed(east, arbitration);
    raised.close();

    // a second Tandem process (the peer's server, the CLI) with the same credentials
    ZkRegistry other = registry("other");
    assertThat(other.group(G)).contains(group());
    assertThat(other.lastGoodCut(G)).contains(C1);
    other.moveLastGoodCut(G, Optional.of(C1), C2);
    assertThat(east.lastGoodCut(G)).contains(C2);
    try (GroupLock.Held held = other.lock(G).acquire(Duration.ofSeconds(5))) {
      held.ensureHeld();
    }
    try (WriterFence.Write w = other.writers(G).begin(Duration.ofSeconds(5))) {
      assertThat(w).isNotNull();
    }
    Versioned<Epoch> epoch = arbitration.epoch(KEY).orElseThrow();
    assertThat(epoch.value().active()).isEqualTo(EAST);
    other.deleteGroup(G);
    assertThat(east.group(G)).isEmpty();

    // every node Tandem created admits Tandem only
    ACL tandem = new ACL(Perms.ALL, DIGEST.tandemIds().get(0));
    assertThat(east.client().getACL().forPath(PATHS.site(EAST))).containsExactly(tandem);
    assertThat(east.client().getACL().forPath(PATHS.epoch(KEY.toString()))).containsExactly(tandem);
    assertThat(east.client().getACL().forPath("/tandem")).containsExactly(tandem);
  }

  @Test
  void aClientWithoutTandemsCredentialsCanReadAndChangeNothing() throws Exception {
    ZkClients.use(DIGEST);
    ZkRegistry east = registry("east");
    WriterFence.Raised raised = seed(east, arbitration());
    for (CuratorFramework c : List.of(outsider(null), outsider("tandem:not-the-secret-at-all"),
        outsider("mallory:" + SECRET))) {
      for (String path : guarded()) {
        refused(() -> c.getData().forPath(path), path);
        refused(() -> c.setData().forPath(path, "{}".getBytes(StandardCharsets.UTF_8)), path);
        refused(() -> c.delete().forPath(path), path);
        refused(() -> c.setACL().withACL(Ids.OPEN_ACL_UNSAFE).forPath(path), path);
      }
      refused(() -> c.getChildren().forPath(PATHS.groups()), "listing groups");
      refused(() -> c.create().forPath(PATHS.group(GroupName.of("evil")), new byte[0]), "a new group");
      refused(() -> c.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
          .forPath(PATHS.fenceRaised(GroupName.of("payroll"))), "raising a fence");
      refused(() -> c.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
          .forPath(PATHS.metastoreFence(GroupName.of("payroll"))), "raising a metastore fence");
      refused(() -> c.create().forPath("/tandem/anything"), "a node under the root");
      refused(() -> c.setACL().withACL(Ids.OPEN_ACL_UNSAFE).forPath("/tandem"), "opening the root");
    }
    // nothing moved: Tandem still sees its own state
    assertThat(east.group(G)).contains(group());
    assertThat(east.lastGoodCut(G)).contains(C1);
    raised.close();
  }

  @Test
  void aRegistryWrittenBeforeAuthWasOnIsRepairedOnce() throws Exception {
    ZkRegistry before = registry("before");
    WriterFence.Raised raised = seed(before, arbitration());
    CuratorFramework outsider = outsider(null);
    assertThat(outsider.getData().forPath(PATHS.group(G))).isNotEmpty(); // open, as every registry was

    ZkClients.use(DIGEST);
    ZkRegistry after = registry("after");
    ZkAclRepair repair = new ZkAclRepair(after.client(), "/tandem", new TandemAclProvider("/tandem", DIGEST));
    ZkAclRepair.Result result = repair.ifNeeded();
    assertThat(result).isNotNull();
    assertThat(result.complete()).isTrue();
    assertThat(result.changed()).isGreaterThanOrEqualTo(guarded().size() - 1); // the raised fence is ephemeral
    for (String path : guarded().subList(0, guarded().size() - 1)) {
      refused(() -> outsider.getData().forPath(path), path);
      refused(() -> outsider.setData().forPath(path, new byte[0]), path);
    }
    assertThat(after.group(G)).contains(group());
    assertThat(repair.ifNeeded()).as("a repaired tree costs one read").isNull();
    assertThat(repair.run().changed()).isZero();
    // The old process (still without credentials) lowers no fence any more: its fence goes with its session.
    assertThatThrownBy(raised::close).hasRootCauseInstanceOf(KeeperException.NoAuthException.class);
  }

  private static void refused(Executable call, String what) {
    assertThatThrownBy(call::execute).as(what).isInstanceOf(KeeperException.NoAuthException.class);
  }
}
