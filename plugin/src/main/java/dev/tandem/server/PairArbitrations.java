package dev.tandem.server;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Verdict;
import dev.tandem.engine.Registry;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.RunStep;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import dev.tandem.switchover.EpochGuard;
import dev.tandem.switchover.SiteArbitration;
import dev.tandem.switchover.Switchover;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arbitration of every pair this server's site belongs to, kept in step with the local registry by
 * {@link #refresh} (at leadership changes and on every health-monitor tick; a pair created or removed in between
 * is picked up then, or at once when this server's own API created or removed it).
 *
 * <p>Per pair, every server keeps registry clients of both sites for the {@link EpochGuard} of its control plane
 * and for the operator's {@link Switchover} facade. The {@link SiteArbitration} (the site agent, and the arbiter if
 * configured) runs only on the site's leader: one agent per site publishes its status and promotes it. A server
 * that loses leadership closes its agents at once.
 */
final class PairArbitrations implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PairArbitrations.class);

  /** Builds (does not start) the agent of {@code self} for one pair. */
  @FunctionalInterface
  interface AgentFactory {
    SiteArbitration create(Site self, Site peer, ClusterPair pair);
  }

  /** One pair at this server. */
  private static final class Entry {
    final PairKey key;
    final Map<SiteId, Site> sites = new LinkedHashMap<>();
    final Map<SiteId, ZkArbitrationStore> stores = new LinkedHashMap<>();
    final EpochGuard guard;
    volatile SiteArbitration agent;

    Entry(PairKey key, Site self, Site peer, Registry local, String root, Duration session) {
      this.key = key;
      for (Site s : new Site[] {self, peer}) {
        sites.put(s.id(), s);
        stores.put(s.id(), ZkArbitrationStore.connect(s.id(), s.registryConnect(), root, session,
            Duration.ofSeconds(3)));
      }
      this.guard = new EpochGuard(local::group, this::connectedStore, StepInterceptor.NONE);
    }

    /**
     * For the guard: a store whose client has had its connection timeout to connect. A pair opened a moment ago
     * (pairing through the API opens it at once) would otherwise refuse the first run as if the peer were down.
     */
    private ArbitrationStore connectedStore(SiteId site) {
      ZkArbitrationStore s = stores.get(site);
      if (s != null && !s.connected()) {
        s.awaitConnected(Duration.ofSeconds(3));
      }
      return store(site);
    }

    ArbitrationStore store(SiteId site) {
      ArbitrationStore s = stores.get(site);
      if (s == null) {
        throw new IllegalArgumentException("Site " + site + " is not part of pair " + key);
      }
      return s;
    }

    void closeAgent() {
      SiteArbitration a = agent;
      agent = null;
      if (a != null) {
        a.close();
      }
    }

    void close() {
      closeAgent();
      stores.values().forEach(ZkArbitrationStore::close);
    }
  }

  private final Registry local;
  private final Site self;
  private final SiteConnections connections;
  private final AgentFactory agents;
  private final BooleanSupplier leader;
  private final ArbitrationSettings configured;
  private final String root;
  private final Duration sessionTimeout;
  private final Map<PairKey, Entry> pairs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param leader whether this server leads its site now (only the leader runs agents)
   * @param configured the timings this server is configured with: stored as the pair's settings when a registry
   *     holds none yet (afterwards the stored ones count, for both sites' servers and every arbiter)
   */
  PairArbitrations(Registry local, Site self, SiteConnections connections, AgentFactory agents,
      BooleanSupplier leader, ArbitrationSettings configured, String root, Duration sessionTimeout) {
    this.local = local;
    this.self = self;
    this.connections = connections;
    this.agents = agents;
    this.leader = leader;
    this.configured = configured;
    this.root = root;
    this.sessionTimeout = sessionTimeout;
  }

  /**
   * Opens what a new pair of this site needs, closes what a removed pair had, and starts or closes the agents as
   * leadership says. Problems with one pair (its peer not registered, a registry down) are logged and retried at
   * the next refresh.
   */
  synchronized void refresh() {
    if (closed) {
      return;
    }
    Set<PairKey> wanted = new HashSet<>();
    Map<PairKey, ClusterPair> configuredPairs = new LinkedHashMap<>();
    for (ClusterPair p : local.pairs()) {
      if (p.primary().equals(self.id()) || p.secondary().equals(self.id())) {
        PairKey key = PairKey.of(p);
        wanted.add(key);
        configuredPairs.put(key, p);
      }
    }
    for (PairKey gone : Set.copyOf(pairs.keySet())) {
      if (!wanted.contains(gone)) {
        pairs.remove(gone).close();
        LOG.info("Pair {} was removed: its arbitration at site {} stopped", gone, self.id());
      }
    }
    boolean leading = leader.getAsBoolean();
    for (Map.Entry<PairKey, ClusterPair> e : configuredPairs.entrySet()) {
      try {
        Entry entry = pairs.computeIfAbsent(e.getKey(), k -> open(k));
        if (!leading) {
          entry.closeAgent();
        } else if (entry.agent == null) {
          initializeSettings(entry);
          SiteArbitration agent = agents.create(self, entry.sites.get(e.getKey().other(self.id())), e.getValue());
          agent.start();
          entry.agent = agent;
          LOG.info("Site agent of {} for pair {} started", self.id(), e.getKey());
        }
      } catch (RuntimeException ex) {
        LOG.warn("Arbitration of pair {} at site {} not running yet: {}", e.getKey(), self.id(), ex.getMessage());
      }
    }
  }

  private Entry open(PairKey key) {
    SiteId peer = key.other(self.id());
    Site peerSite = local.site(peer).orElseThrow(() -> new PeerUnavailableException("Site " + peer
        + " is not in the registry of " + self.id(), null));
    return new Entry(key, self, peerSite, local, root, sessionTimeout);
  }

  private void initializeSettings(Entry entry) {
    for (ZkArbitrationStore store : entry.stores.values()) {
      // Right after the entry was opened its clients may still be connecting; a registry that is down costs this wait.
      store.awaitConnected(Duration.ofSeconds(3));
      try {
        if (store.settings(entry.key).isEmpty()) {
          store.putSettings(entry.key, configured);
        }
      } catch (PeerUnavailableException e) {
        LOG.info("Settings of {} not stored in the registry of {} now: {}", entry.key, store.site(), e.getMessage());
      }
    }
  }

  /** Whether {@code pair} (either spelling) is one of this site's pairs that this server follows. */
  boolean follows(PairKey pair) {
    return pairs.containsKey(pair);
  }

  /** The operator's facade for {@code pair}, acting through this server's registry clients. */
  Optional<Switchover> switchover(PairKey pair, RunOptions options, Duration timeout, String operator) {
    Entry e = pairs.get(pair);
    if (e == null) {
      return Optional.empty();
    }
    return Optional.of(new Switchover(connections, e.sites::get, e::store, Clock.systemUTC(), options,
        RunListener.NONE, timeout, operator));
  }

  /** What {@code GET /api/v1/status} shows of a pair: its arbitration records and the newest arbiter verdict. */
  record View(Switchover.State state, Optional<Verdict> verdict) {}

  /**
   * The pair's epoch, statuses and newest verdict from whichever of its registries answer; empty when this server
   * does not follow the pair.
   */
  Optional<View> view(PairKey pair) {
    Entry e = pairs.get(pair);
    Optional<Switchover> facade = switchover(pair, RunOptions.defaults(), Duration.ZERO, "status");
    if (e == null || facade.isEmpty()) {
      return Optional.empty();
    }
    Switchover.State state = facade.get().state(pair);
    Optional<Verdict> newest = Optional.empty();
    for (ZkArbitrationStore store : e.stores.values()) {
      try {
        for (Verdict v : store.verdicts(pair)) {
          if (newest.isEmpty() || NEWEST_VERDICT.compare(v, newest.get()) > 0) {
            newest = Optional.of(v);
          }
        }
      } catch (PeerUnavailableException ex) {
        LOG.debug("Verdicts of {} not read from the registry of {}: {}", pair, store.site(), ex.getMessage());
      }
    }
    return Optional.of(new View(state, newest));
  }

  private static final Comparator<Verdict> NEWEST_VERDICT = Comparator.comparingLong(Verdict::epoch)
      .thenComparing(Verdict::at, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingLong(Verdict::sequence);

  /**
   * The guard of this server's control plane: each step of a run is checked by the {@link EpochGuard} of the
   * run's pair (a pair this server does not follow is not restricted), then {@code next} is called.
   */
  StepInterceptor guard(StepInterceptor next) {
    return new StepInterceptor() {
      @Override
      public void before(GroupName group, RunStep step) {
        guardOf(group).ifPresent(g -> g.before(group, step));
        next.before(group, step);
      }

      @Override
      public void after(GroupName group, RunStep step) {
        next.after(group, step);
      }
    };
  }

  /** Throws what the guard would throw at the run's first guarded step (a refused run is then not even begun). */
  void check(GroupName group) {
    guardOf(group).ifPresent(g -> g.check(group));
  }

  private Optional<EpochGuard> guardOf(GroupName group) {
    return local.group(group).map(g -> pairs.get(PairKey.of(g.pair()))).map(e -> e.guard);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pairs.values().forEach(Entry::close);
    pairs.clear();
  }
}
