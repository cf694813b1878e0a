package dev.tandem.arbiter;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.ActiveSite;
import dev.tandem.client.ActiveSiteClient;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import dev.tandem.testing.ActivePoller;
import dev.tandem.testing.BlockableStore;
import dev.tandem.testing.SettableHealth;
import dev.tandem.testing.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The arbitration protocol on two real ZooKeepers, one per site, with each site's agent, one or two arbiters and a
 * poller that checks, every 10 ms for the whole test, that no two sites are active (by the agents and by the
 * registries). Health and reachability are injected: a settable health probe, stores that can be blocked.
 * Promotion does nothing here; {@code FailoverTest} promotes real HDFS sites.
 */
@RealComponents
class ArbitrationTest {
  private static final SiteId EAST = SiteId.of("east");
  private static final SiteId WEST = SiteId.of("west");
  private static final ClusterPair PAIR = new ClusterPair(EAST, WEST);
  private static final PairKey KEY = PairKey.of(PAIR);
  private static final Duration HEARTBEAT = Duration.ofMillis(250);
  private static final Duration LEASE = Duration.ofMillis(2000);
  private static final Duration GRACE = Duration.ofMillis(3000);
  private static final ArbitrationSettings SETTINGS = new ArbitrationSettings(true, GRACE, LEASE, HEARTBEAT);

  /** One site: its ZooKeeper, its agent and the agent's two registry clients. */
  private final class Site {
    final SiteId id;
    final TestingServer zk;
    final SettableHealth health = new SettableHealth();
    BlockableStore own;
    BlockableStore peer;
    SiteAgent agent;

    Site(SiteId id) throws Exception {
      this.id = id;
      this.zk = new TestingServer(true);
    }

    void startAgent(Site other) {
      own = new BlockableStore(store(id, zk));
      peer = new BlockableStore(store(other.id, other.zk));
      agent = SiteAgent.builder(id, PAIR, own, peer).health(health).settings(SETTINGS).build();
      agent.start();
    }

    void stopAgent() {
      agent.close();
      own.close();
      peer.close();
    }
  }

  private Site east;
  private Site west;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<BlockableStore> arbiterStores = new ArrayList<>();
  private ActivePoller poller;

  @BeforeEach
  void start() throws Exception {
    east = new Site(EAST);
    west = new Site(WEST);
    for (Site s : List.of(east, west)) {
      ArbitrationStore setup = store(s.id, s.zk);
      setup.putSettings(KEY, SETTINGS);
      setup.close();
    }
    east.startAgent(west);
    west.startAgent(east);
    poller = new ActivePoller(KEY, List.of(store(EAST, east.zk), store(WEST, west.zk)),
        () -> List.of(east.agent, west.agent), HEARTBEAT.multipliedBy(3)).start(Duration.ofMillis(10));
    closing.add(poller);
    Waits.until(Duration.ofSeconds(10), () -> east.agent.role() == Role.PROMOTING || east.agent.epoch().isPresent(),
        () -> "east knows no epoch");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    east.stopAgent();
    west.stopAgent();
    east.zk.close();
    west.zk.close();
  }

  private ZkArbitrationStore store(SiteId site, TestingServer zk) {
    ZkArbitrationStore s = ZkArbitrationStore.connect(site, zk.getConnectString(), "/tandem", Duration.ofSeconds(4),
        Duration.ofMillis(500));
    s.awaitConnected(Duration.ofSeconds(10));
    return s;
  }

  private Arbiter arbiter(String id) {
    BlockableStore a = new BlockableStore(store(EAST, east.zk));
    BlockableStore b = new BlockableStore(store(WEST, west.zk));
    arbiterStores.add(a);
    arbiterStores.add(b);
    Arbiter arbiter = new Arbiter(id, KEY, List.of(a, b), Clock.systemUTC(), SETTINGS);
    closing.add(a);
    closing.add(b);
    closing.add(arbiter);
    arbiter.start();
    // Failures are injected only once the arbiter has seen both sites healthy: judging starts from there.
    Waits.until(Duration.ofSeconds(20), () -> arbiter.sites().size() == 2
        && arbiter.sites().values().stream().allMatch(Arbiter.SiteView::healthy), () -> "arbiter sees " + arbiter.sites());
    return arbiter;
  }

  private String roles() {
    return "east " + east.agent.role() + " " + east.agent.epoch().orElse(null) + ", west " + west.agent.role() + " "
        + west.agent.epoch().orElse(null);
  }

  private Epoch epochIn(Site s) {
    try (ZkArbitrationStore r = store(s.id, s.zk)) {
      return r.epoch(KEY).orElseThrow().value();
    }
  }

  private void assertNeverTwoActives() {
    assertThat(poller.polls()).isGreaterThan(10);
    assertThat(poller.violations()).as("moments with two active sites").isEmpty();
  }

  @Test
  void theConfiguredPrimaryStartsActiveAndBothStatusesReachBothRegistries() {
    arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE && west.agent.role() == Role.STANDBY,
        this::roles);
    // The statuses reach the other site's registry a heartbeat or so later; on a loaded machine an agent that missed
    // its lease fences itself until the next renewal, so wait for both registries to say so rather than read once.
    for (Site registry : List.of(east, west)) {
      try (ZkArbitrationStore r = store(registry.id, registry.zk)) {
        assertThat(r.epoch(KEY).orElseThrow().value().active()).isEqualTo(EAST);
        Waits.until(Duration.ofSeconds(10), () -> r.status(KEY, EAST).map(v -> v.value().role()).orElse(null)
            == Role.ACTIVE && r.status(KEY, WEST).map(v -> v.value().role()).orElse(null) == Role.STANDBY,
            () -> "statuses in " + registry.id + ": east " + r.status(KEY, EAST).map(v -> v.value().role())
                + ", west " + r.status(KEY, WEST).map(v -> v.value().role()));
      }
    }
    assertNeverTwoActives();
  }

  @Test
  void aSilentSiteIsSeenStaleByTheArbiter() {
    Arbiter a = arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> a.sites().containsKey(WEST) && a.sites().get(WEST).healthy(),
        () -> "west not seen healthy: " + a.sites());
    west.agent.close(); // west's server dies; its last status stays in both registries
    Duration stale = Waits.until(Duration.ofSeconds(5), () -> !a.sites().get(WEST).healthy(),
        () -> "west still looks healthy: " + a.sites());
    assertThat(stale).isLessThan(HEARTBEAT.multipliedBy(10));
    assertThat(a.sites().get(WEST).status()).isPresent();
    assertThat(a.sites().get(EAST).healthy()).isTrue();
  }

  @Test
  void anUnhealthyPrimaryIsFailedOverWithinTheGracePeriodAndTheOldPrimaryDemotes() {
    arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    east.health.nameNode(Health.State.DOWN);
    Duration took = Waits.until(GRACE.plusSeconds(5), () -> west.agent.role() == Role.ACTIVE, this::roles);
    assertThat(took).isGreaterThanOrEqualTo(GRACE.minus(HEARTBEAT));
    assertThat(east.agent.role()).isEqualTo(Role.STANDBY);
    assertThat(epochIn(west).number()).isEqualTo(2);
    Waits.until(Duration.ofSeconds(3), () -> epochIn(east).active().equals(WEST), () -> "east's registry lags");
    assertThat(epochIn(west).transition()).isEqualTo(Epoch.Transition.FAILOVER);
    assertThat(epochIn(west).protection()).isEqualTo(Epoch.Protection.UNPROTECTED);

    // The returning NameNode changes nothing: the decision stands, and the pair is not protected, so a failure
    // of the new active would not bounce back to the old data.
    east.health.nameNode(Health.State.UP);
    Waits.during(GRACE, () -> east.agent.role() == Role.STANDBY && west.agent.role() == Role.ACTIVE, this::roles);
    assertNeverTwoActives();
  }

  @Test
  void aPartitionBetweenTheSitesKeepsTheActiveSiteActiveThroughTheArbiter() {
    arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    east.peer.block();
    west.peer.block();
    Waits.during(GRACE.multipliedBy(2), () -> east.agent.role() == Role.ACTIVE && west.agent.role() == Role.STANDBY,
        this::roles);
    east.peer.unblock();
    west.peer.unblock();
    assertThat(epochIn(west).number()).isEqualTo(1);
    assertNeverTwoActives();
  }

  @Test
  void withoutArbiterNorPeerTheActiveSiteFencesItself() {
    Arbiter a = arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    a.close();
    east.peer.block();
    Duration fenced = Waits.until(LEASE.plusSeconds(2), () -> east.agent.role() == Role.FENCED, this::roles);
    assertThat(fenced).isLessThan(LEASE.plus(HEARTBEAT.multipliedBy(3)));
    east.peer.unblock();
    Waits.until(Duration.ofSeconds(3), () -> east.agent.role() == Role.ACTIVE, this::roles);
    assertNeverTwoActives();
  }

  @Test
  void anIsolatedPrimaryFencesItselfBeforeTheStandbyIsPromoted() {
    arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    // east keeps its NameNode and its own ZooKeeper, but neither west nor the arbiter can reach it any more.
    east.peer.block();
    west.peer.block();
    arbiterStores.stream().filter(s -> s.site().equals(EAST)).forEach(BlockableStore::block);
    Waits.until(GRACE.plusSeconds(5), () -> west.agent.role() == Role.ACTIVE, this::roles);
    assertThat(east.agent.role()).isEqualTo(Role.FENCED);
    // The partition heals: east sees the higher epoch and demotes itself.
    east.peer.unblock();
    west.peer.unblock();
    arbiterStores.forEach(BlockableStore::unblock);
    Waits.until(Duration.ofSeconds(3), () -> east.agent.role() == Role.STANDBY, this::roles);
    assertThat(epochIn(east).active()).isEqualTo(WEST);
    assertNeverTwoActives();
  }

  @Test
  void stoppingThePrimarysZooKeeperFencesItAtOnceAndItDemotesItselfWhenItReturns() throws Exception {
    arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    east.zk.stop();
    Waits.until(Duration.ofSeconds(2), () -> east.agent.role() == Role.FENCED, this::roles);
    Duration took = Waits.until(GRACE.plusSeconds(5), () -> west.agent.role() == Role.ACTIVE, this::roles);
    assertThat(took).isLessThan(GRACE.plusSeconds(5));
    east.zk.restart();
    Waits.until(Duration.ofSeconds(15), () -> east.agent.role() == Role.STANDBY
        && east.agent.epoch().filter(e -> e.number() == 2).isPresent(), this::roles);
    Waits.until(Duration.ofSeconds(5), () -> epochIn(east).active().equals(WEST), () -> "east's registry lags");
    assertNeverTwoActives();
  }

  @Test
  void twoArbitersRacingPromoteOnce() {
    Arbiter a1 = arbiter("a1");
    Arbiter a2 = arbiter("a2");
    List<Epoch> decisions = new CopyOnWriteArrayList<>();
    a1.addListener((p, from, to) -> decisions.add(to));
    a2.addListener((p, from, to) -> decisions.add(to));
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    east.health.nameNode(Health.State.DOWN);
    Waits.until(GRACE.plusSeconds(5), () -> west.agent.role() == Role.ACTIVE, this::roles);
    Waits.during(Duration.ofSeconds(1), () -> epochIn(west).number() == 2, () -> "epoch moved on: " + epochIn(west));
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).active()).isEqualTo(WEST);
    assertThat(a1.epoch()).contains(epochIn(west));
    assertThat(a2.epoch()).contains(epochIn(west));
    assertNeverTwoActives();
  }

  @Test
  void withAutomaticFailoverOffNobodyIsPromoted() {
    for (Site s : List.of(east, west)) {
      try (ZkArbitrationStore r = store(s.id, s.zk)) {
        r.putSettings(KEY, SETTINGS.withAutoFailover(false));
      }
    }
    arbiter("a1");
    Waits.until(Duration.ofSeconds(5), () -> east.agent.role() == Role.ACTIVE, this::roles);
    east.health.nameNode(Health.State.DOWN);
    Waits.during(GRACE.multipliedBy(2), () -> west.agent.role() == Role.STANDBY, this::roles);
    assertThat(east.agent.role()).isEqualTo(Role.FENCED);
    assertThat(epochIn(west).number()).isEqualTo(1);
    assertNeverTwoActives();
  }

  @Test
  void theClientLibraryFollowsTheActiveSite() throws Exception {
    arbiter("a1");
    List<Optional<ActiveSite>> seen = new CopyOnWriteArrayList<>();
    Optional<ActiveSite> eastConfirmed = Optional.of(new ActiveSite(EAST, 1, true));
    Optional<ActiveSite> westConfirmed = Optional.of(new ActiveSite(WEST, 2, true));
    try (ActiveSiteClient client = ActiveSiteClient.over(KEY, List.of(store(EAST, east.zk), store(WEST, west.zk)))) {
      client.addListener((before, now) -> seen.add(now));
      client.start();
      assertThat(client.awaitWritable(EAST, Duration.ofSeconds(5))).isTrue();
      east.health.nameNode(Health.State.DOWN);
      assertThat(client.awaitWritable(WEST, GRACE.plusSeconds(5))).isTrue();
      assertThat(client.writable(EAST)).isFalse();
      // Listeners are called right after the answer changes, possibly just after awaitWritable returned.
      Waits.until(Duration.ofSeconds(5), () -> seen.contains(westConfirmed), () -> "callbacks: " + seen);
    }
    List<Optional<ActiveSite>> calls = List.copyOf(seen);
    int confirmed = calls.indexOf(eastConfirmed);
    int promoted = calls.indexOf(westConfirmed);
    assertThat(confirmed).isNotNegative().isLessThan(promoted);
    // east lost its confirmation (fenced by its own health) before west was promoted
    assertThat(calls.subList(confirmed, promoted)).contains(Optional.of(new ActiveSite(EAST, 1, false)));
  }
}
