package dev.tandem.testing;

import dev.tandem.arbiter.Arbiter;
import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Health;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteAgent;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.hdfs.HdfsHealthProbe;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxSite;
import dev.tandem.switchover.SiteArbitration;
import dev.tandem.switchover.Switchover;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A sandbox whose two sites run their servers' arbitration (agent, promoter with real HDFS rollback), an arbiter
 * "in a third place" with its own registry clients, the operator's facade, and a poller that checks for the whole
 * test class that no two sites are ever active.
 */
public abstract class ArbitratedSandboxTest extends SandboxTest {
  protected static final SiteId EAST = SiteId.of(Sandbox.PRIMARY);
  protected static final SiteId WEST = SiteId.of(Sandbox.SECONDARY);
  protected static final PairKey PAIR = PairKey.of(EAST, WEST);
  protected static final Duration HEARTBEAT = Duration.ofMillis(250);
  protected static final Duration LEASE = Duration.ofSeconds(2);
  protected static final Duration GRACE = Duration.ofSeconds(3);
  protected static final Duration SESSION = Duration.ofSeconds(4);
  protected static final ArbitrationSettings SETTINGS = new ArbitrationSettings(true, GRACE, LEASE, HEARTBEAT);

  protected static volatile SiteArbitration east;
  protected static volatile SiteArbitration west;
  protected static Arbiter arbiter;
  protected static ActivePoller poller;
  protected static Switchover ops;
  protected static Map<SiteId, Site> sites;
  private static final List<ArbitrationStore> STORES = new ArrayList<>();

  @BeforeAll
  static void startArbitration() {
    sites = Map.of(EAST, sandbox.primary().site(), WEST, sandbox.secondary().site());
    for (SandboxSite s : List.of(sandbox.primary(), sandbox.secondary())) {
      store(s.id()).putSettings(PAIR, SETTINGS);
    }
    east = startSite(EAST);
    west = startSite(WEST);
    arbiter = new Arbiter("third-place", PAIR, List.of(store(EAST), store(WEST)), Clock.systemUTC(), SETTINGS);
    arbiter.start();
    poller = new ActivePoller(PAIR, List.of(store(EAST), store(WEST)), () -> List.of(east.agent(), west.agent()),
        HEARTBEAT.multipliedBy(3)).start(Duration.ofMillis(10));
    ArbitrationStore opsEast = store(EAST);
    ArbitrationStore opsWest = store(WEST);
    ops = new Switchover(sandbox.connections(), sites::get, id -> id.equals(EAST) ? opsEast : opsWest,
        Clock.systemUTC(), RunOptions.defaults(), RunListener.NONE, Duration.ofSeconds(90), "test operator");
    Waits.until(Duration.ofSeconds(30), () -> east.agent().role() == Role.ACTIVE
        && west.agent().role() == Role.STANDBY, ArbitratedSandboxTest::roles);
  }

  @AfterAll
  static void stopArbitration() {
    if (poller != null) {
      poller.close();
    }
    if (arbiter != null) {
      arbiter.close();
    }
    for (SiteArbitration s : new SiteArbitration[] {east, west}) {
      if (s != null) {
        s.close();
      }
    }
    STORES.forEach(ArbitrationStore::close);
    STORES.clear();
  }

  /** Starts a site's server-side arbitration (what its Tandem server would run). */
  protected static SiteArbitration startSite(SiteId id) {
    Site self = sites.get(id);
    Site peer = sites.get(PAIR.other(id));
    SandboxSite sandboxSite = id.equals(EAST) ? sandbox.primary() : sandbox.secondary();
    SiteArbitration s = SiteArbitration.builder(self, peer, pair(), sandbox.connections())
        .health(HdfsHealthProbe.connect(self.fileSystemUri(), sandboxSite.conf(), () -> Health.State.ABSENT))
        .settings(SETTINGS)
        .sessionTimeout(SESSION)
        .connectionTimeout(Duration.ofSeconds(1))
        .build();
    s.start();
    return s;
  }

  /** A registry client of the test's own ("a third place"). */
  protected static ArbitrationStore store(SiteId id) {
    ZkArbitrationStore s = ZkArbitrationStore.connect(id, sites.get(id).registryConnect(), "/tandem", SESSION,
        Duration.ofSeconds(1));
    s.awaitConnected(Duration.ofSeconds(10));
    STORES.add(s);
    return s;
  }

  protected static SiteAgent agent(SiteId id) {
    return (id.equals(EAST) ? east : west).agent();
  }

  protected static String roles() {
    return "east " + east.agent().role() + " " + east.agent().epoch().orElse(null) + ", west " + west.agent().role()
        + " " + west.agent().epoch().orElse(null);
  }

  protected static void assertNeverTwoActives() {
    org.assertj.core.api.Assertions.assertThat(poller.polls()).isGreaterThan(100);
    org.assertj.core.api.Assertions.assertThat(poller.violations()).as("moments with two active sites").isEmpty();
  }
}
