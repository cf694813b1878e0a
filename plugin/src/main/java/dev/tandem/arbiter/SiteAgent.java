package dev.tandem.arbiter;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.SiteId;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arbitration side of a site's server, for one pair: it publishes the site's status to both registries every
 * heartbeat, follows the highest epoch it can see (copying it into a registry that lags), promotes its site when
 * an epoch names it {@link Epoch.Phase#PROMOTING}, and answers {@link #role()}.
 *
 * <p>A site is {@link Role#ACTIVE} only while all of these hold, checked when asked, not when last computed:
 * the highest epoch it has seen names it in phase ACTIVE; its own registry is connected (SUSPENDED or LOST fence
 * it at once; RECONNECTED makes it look again before anything else); its NameNode (and metastore) were healthy at
 * the last heartbeat; and its lease is fresh. The lease is renewed by a status written to the peer's registry
 * under the condition that the peer's epoch record is unchanged, or by an arbiter's endorsement of a status it
 * read, and lasts {@link ArbitrationSettings#lease()} from the moment that status was issued. A site that can
 * reach neither its peer nor an arbiter therefore stops being active within one lease, which is what lets the
 * other site be promoted after the (longer) grace period without two actives.
 */
public final class SiteAgent implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SiteAgent.class);

  private enum State { LATENT, STARTED, CLOSED }

  private record View(Epoch epoch, Health health) {
    static final View NONE = new View(null, new Health(Health.State.DOWN, Health.State.ABSENT, Health.State.DOWN,
        "not checked yet"));
  }

  private final SiteId self;
  private final PairKey pair;
  private final ClusterPair configured;
  private final ArbitrationStore own;
  private final ArbitrationStore peer;
  private final HealthProbe probe;
  private final Supplier<Map<String, String>> lastGoodCuts;
  private final Promoter promoter;
  private final Clock clock;
  private final String name;
  private final List<RoleListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final Lease lease = new Lease();
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final ScheduledExecutorService timer;
  private final ExecutorService promotions;
  private final Reach reach;
  private volatile View view = View.NONE;
  private volatile ArbitrationSettings settings;
  private volatile Role announced = Role.STANDBY;
  private volatile Map<String, String> cuts = Map.of();
  private volatile long promotingEpoch = -1;
  private volatile java.util.concurrent.Future<?> promotion;

  private SiteAgent(Builder b) {
    this.self = b.site;
    this.pair = PairKey.of(b.configured);
    this.configured = b.configured;
    this.own = b.own;
    this.peer = b.peer;
    this.probe = b.probe;
    this.lastGoodCuts = b.lastGoodCuts;
    this.promoter = b.promoter;
    this.clock = b.clock;
    this.settings = b.settings;
    this.name = "tandem-agent-" + self;
    this.timer = Executors.newSingleThreadScheduledExecutor(Reach.daemon(name));
    this.promotions = Executors.newSingleThreadExecutor(Reach.daemon(name + "-promotion"));
    this.reach = new Reach(name + "-io");
  }

  /**
   * @param site the local site
   * @param configured the pair as configured (its primary is active in the first epoch)
   * @param own the local site's registry
   * @param peer the other site's registry
   */
  public static Builder builder(SiteId site, ClusterPair configured, ArbitrationStore own, ArbitrationStore peer) {
    return new Builder(site, configured, own, peer);
  }

  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    // Status sequences only need to differ from the last one published, also across restarts.
    sequence.set(clock.millis() * 1000);
    ArbitrationStore.Listener listener = new ArbitrationStore.Listener() {
      @Override
      public void connectionChanged(SiteId site, ArbitrationStore.Connection c) {
        if (site.equals(self) && (c == ArbitrationStore.Connection.SUSPENDED || c == ArbitrationStore.Connection.LOST)) {
          // role() already answers FENCED (it checks the connection itself); tell the listeners now.
          LOG.warn("Site {}: own registry {}; not active until it is back and the epoch is read again", self, c);
          submit(SiteAgent.this::announce);
        } else if (c == ArbitrationStore.Connection.RECONNECTED || c == ArbitrationStore.Connection.CONNECTED) {
          trigger();
        }
      }

      @Override
      public void changed(SiteId site, PairKey p) {
        if (p.equals(pair)) {
          trigger();
        }
      }
    };
    own.addListener(listener);
    peer.addListener(listener);
    timer.execute(this::loop);
  }

  public SiteId site() {
    return self;
  }

  public PairKey pair() {
    return pair;
  }

  /** The site's role now; see the class comment for what ACTIVE requires. */
  public Role role() {
    Epoch e = view.epoch();
    if (e == null || !e.names(self)) {
      return Role.STANDBY;
    }
    if (state.get() != State.STARTED) {
      return Role.FENCED;
    }
    if (e.phase() != Epoch.Phase.ACTIVE) {
      return Role.PROMOTING;
    }
    boolean fresh = lease.fresh(e.number(), settings.lease().toNanos(), System.nanoTime());
    return own.connected() && view.health().healthy() && fresh ? Role.ACTIVE : Role.FENCED;
  }

  /** The highest epoch this agent has seen. */
  public Optional<Epoch> epoch() {
    return Optional.ofNullable(view.epoch());
  }

  public Health health() {
    return view.health();
  }

  public void addListener(RoleListener listener) {
    listeners.add(listener);
  }

  /** Asks for a heartbeat now (after an operator's decision, say) instead of at the next period. */
  public void trigger() {
    if (state.get() == State.STARTED && tickQueued.compareAndSet(false, true)) {
      submit(() -> {
        tickQueued.set(false);
        tick();
      });
    }
  }

  private void submit(Runnable r) {
    try {
      timer.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  private void loop() {
    tick();
    if (state.get() == State.STARTED) {
      try {
        timer.schedule(this::loop, settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed
      }
    }
  }

  private void tick() {
    if (state.get() != State.STARTED) {
      return;
    }
    try {
      beat();
    } catch (RuntimeException e) {
      LOG.warn("Site {}: heartbeat failed: {}", self, e.getMessage());
      LOG.debug("Heartbeat failure", e);
    }
    announce();
  }

  private void beat() {
    Duration bound = settings.heartbeat().multipliedBy(2);
    readSettings(bound);
    Health health = probeHealth(bound);
    Reach.Observed<Optional<Versioned<Epoch>>> mine = reach.call(() -> own.epoch(pair), bound, self + ": read own epoch");
    Reach.Observed<Optional<Versioned<Epoch>>> theirs = reach.call(() -> peer.epoch(pair), bound,
        self + ": read the epoch in " + peer.site() + "'s registry");
    Epoch known = highest(view.epoch(), mine, theirs);
    if (known == null) {
      if (!mine.reachable()) {
        view = new View(null, health);
        return;
      }
      // Nobody has decided anything yet: the configured primary starts active.
      var first = reach.call(() -> own.initialize(pair, Epoch.initial(configured)),
          bound, self + ": initialise the epoch");
      if (!first.reachable()) {
        view = new View(null, health);
        return;
      }
      known = first.value().value();
      mine = new Reach.Observed<>(true, Optional.of(first.value()));
      LOG.info("Site {}: pair {} starts at {}", self, pair, known);
    }
    Epoch before = view.epoch();
    firstSeen.putIfAbsent(known.number(), System.nanoTime());
    view = new View(known, health);
    if (before != null && known.newerThan(before) && known.number() > before.number()) {
      LOG.info("Site {}: now at {} (decided by {}: {})", self, known, known.decidedBy(), known.reason());
    }
    adopt(own, mine, known, bound);
    int peerVersion = adopt(peer, theirs, known, bound);
    publish(known, health, peerVersion, mine.reachable(), bound);
    collectEndorsements(known, bound);
    if (known.names(self) && known.phase() == Epoch.Phase.PROMOTING) {
      startPromotion(known);
    }
  }

  private void readSettings(Duration bound) {
    for (ArbitrationStore store : List.of(own, peer)) {
      var s = reach.call(() -> store.settings(pair), bound, self + ": read settings");
      if (s.reachable() && s.value().isPresent()) {
        settings = s.value().get();
        return;
      }
    }
  }

  private Health probeHealth(Duration bound) {
    Health.State registry = own.connected() ? Health.State.UP : Health.State.DOWN;
    var h = reach.call(probe::check, bound, self + ": health check");
    Health health = h.reachable() && h.value() != null ? h.value()
        : new Health(Health.State.DOWN, Health.State.ABSENT, registry, "health check did not answer within "
            + bound.toMillis() + " ms");
    var c = reach.call(lastGoodCuts::get, bound, self + ": last good cuts");
    if (c.reachable() && c.value() != null) {
      cuts = c.value();
    }
    return health.withRegistry(registry);
  }

  private static Epoch highest(Epoch current, Reach.Observed<Optional<Versioned<Epoch>>> a,
      Reach.Observed<Optional<Versioned<Epoch>>> b) {
    Epoch best = current;
    for (var o : List.of(a, b)) {
      if (o.reachable() && o.value().isPresent() && (best == null || o.value().get().value().newerThan(best))) {
        best = o.value().get().value();
      }
    }
    return best;
  }

  /** Copies {@code known} into a registry that lags; returns that registry's version of it, or -1. */
  private int adopt(ArbitrationStore store, Reach.Observed<Optional<Versioned<Epoch>>> seen, Epoch known,
      Duration bound) {
    if (!seen.reachable()) {
      return -1;
    }
    Optional<Versioned<Epoch>> current = seen.value();
    if (current.isPresent() && current.get().value().equals(known)) {
      return current.get().version();
    }
    if (current.isPresent() && !known.newerThan(current.get().value())) {
      return -1;
    }
    int expected = current.map(Versioned::version).orElse(-1);
    try {
      var written = reach.call(() -> known.phase() == Epoch.Phase.ACTIVE && expected >= 0
          ? store.replaceEpochAndDirection(pair, expected, known, known.direction(pair))
          : store.replaceEpoch(pair, expected, known, Optional.empty()), bound, self + ": copy " + known
          + " to " + store.site() + "'s registry");
      if (written.reachable()) {
        LOG.info("Site {}: copied {} to the registry of {}", self, known, store.site());
        return written.value().version();
      }
    } catch (ConflictException e) {
      trigger(); // it moved: look again
    }
    return -1;
  }

  private void publish(Epoch known, Health health, int peerVersion, boolean ownReachable, Duration bound) {
    long seq = sequence.incrementAndGet();
    lease.issued(seq, known.number(), System.nanoTime());
    SiteStatus status = new SiteStatus(self, known.number(), role(), health, cuts, seq, clock.instant());
    if (ownReachable) {
      reach.run(() -> own.publishStatus(pair, status, OptionalInt.empty()), bound, self + ": publish status");
    }
    if (peerVersion >= 0) {
      try {
        boolean written = reach.run(() -> peer.publishStatus(pair, status, OptionalInt.of(peerVersion)), bound,
            self + ": publish status to " + peer.site());
        if (written && known.names(self) && health.healthy()) {
          lease.renew(seq, known.number());
        }
      } catch (ConflictException e) {
        trigger(); // the peer's epoch moved since we read it
      }
    }
  }

  private void collectEndorsements(Epoch known, Duration bound) {
    if (!known.names(self)) {
      return;
    }
    for (ArbitrationStore store : List.of(own, peer)) {
      var verdicts = reach.call(() -> store.verdicts(pair), bound, self + ": read endorsements");
      if (verdicts.reachable()) {
        for (Verdict v : verdicts.value()) {
          if (v.epoch() == known.number() && v.active().equals(self)) {
            lease.renew(v.acknowledged(), known.number());
          }
        }
      }
    }
  }

  private synchronized void startPromotion(Epoch e) {
    if (promotingEpoch == e.number() && promotion != null && !promotion.isDone()) {
      return;
    }
    promotingEpoch = e.number();
    try {
      promotion = promotions.submit(() -> promote(e));
    } catch (java.util.concurrent.RejectedExecutionException ex) {
      // closed
    }
  }

  private void promote(Epoch e) {
    try {
      LOG.info("Site {}: promoting for {} ({})", self, e, e.reason());
      Promoter.Outcome outcome = promoter.promote(new Promoter.Request(pair, e, self));
      List<String> notes = new ArrayList<>(outcome.notes());
      awaitLeaseWait(e, notes);
      Versioned<Epoch> current = own.epoch(pair).orElseThrow(() -> new ConflictException(
          "The epoch record of " + pair + " vanished from the registry of " + self));
      if (!current.value().equals(e)) {
        LOG.info("Site {}: {} changed to {} during the promotion; not completing it", self, e, current.value());
        return;
      }
      Epoch done = e.withPhase(Epoch.Phase.ACTIVE, Duration.ZERO);
      own.replaceEpochAndDirection(pair, current.version(), done, done.direction(pair));
      Instant activeAt = clock.instant();
      view = new View(done, view.health());
      LOG.info("Site {}: promoted, now the active site of {} ({})", self, pair, done);
      record(e, outcome.groups(), notes, activeAt);
      trigger();
    } catch (RuntimeException ex) {
      LOG.warn("Site {}: promotion for {} failed, retried at the next heartbeat: {}", self, e, ex.getMessage());
      LOG.debug("Promotion failure", ex);
    }
  }

  /**
   * A decision that could not prove the old active's lease lapsed asks the new active to wait it out, unless the
   * old active acknowledged the new epoch (published a status at it) in the meantime.
   */
  private void awaitLeaseWait(Epoch e, List<String> notes) {
    if (e.leaseWait().isZero() || e.previous().equals(self)) {
      return;
    }
    long deadline = firstSeen.getOrDefault(e.number(), System.nanoTime()) + e.leaseWait().toNanos();
    long pause = Math.max(10, settings.heartbeat().toMillis() / 4);
    while (System.nanoTime() - deadline < 0) {
      if (acknowledged(e)) {
        notes.add(e.previous() + " acknowledged epoch " + e.number() + "; no need to wait out its lease");
        return;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting out the lease of " + e.previous(), ie);
      }
    }
    notes.add("Waited out the lease of " + e.previous() + " (" + e.leaseWait().toMillis() + " ms): it did not "
        + "acknowledge epoch " + e.number());
  }

  private boolean acknowledged(Epoch e) {
    for (ArbitrationStore store : List.of(own, peer)) {
      var s = reach.call(() -> store.status(pair, e.previous()), settings.heartbeat(), self + ": read acknowledgement");
      if (s.reachable() && s.value().isPresent() && s.value().get().value().epoch() >= e.number()
          && s.value().get().value().role() != Role.ACTIVE) {
        return true;
      }
    }
    return false;
  }

  private void record(Epoch e, List<SwitchReport.GroupOutcome> groups, List<String> notes, Instant activeAt) {
    Instant start = e.transition() == Epoch.Transition.FAILOVER && e.primaryLastSeen() != null
        ? e.primaryLastSeen() : e.decidedAt();
    SwitchReport report = new SwitchReport(SwitchReport.newId(e.transition(), e.number(), activeAt), e.transition(),
        e.number(), e.previous(), self, start, activeAt, Duration.between(start, activeAt), groups, notes);
    for (ArbitrationStore store : List.of(own, peer)) {
      reach.run(() -> store.putReport(pair, report), settings.heartbeat(), self + ": record the report");
    }
    LOG.info("Site {}: {} to {} took {} ms (RTO), groups {}", self, e.transition(), self, report.rto().toMillis(),
        groups);
  }

  private void announce() {
    Role now = role();
    Role before = announced;
    if (now != before) {
      announced = now;
      Epoch e = view.epoch();
      LOG.info("Site {}: {} -> {} ({})", self, before, now, e);
      for (RoleListener l : listeners) {
        try {
          l.roleChanged(pair, before, now, e);
        } catch (RuntimeException ex) {
          LOG.warn("Role listener failed: {}", ex.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    timer.shutdownNow();
    promotions.shutdownNow();
    reach.close();
    Role before = announced;
    if (before != Role.STANDBY && before != Role.FENCED) {
      for (RoleListener l : listeners) {
        l.roleChanged(pair, before, role(), view.epoch());
      }
    }
  }

  /** Options of an agent; the constructor of the agent does no I/O. */
  public static final class Builder {
    private final SiteId site;
    private final ClusterPair configured;
    private final ArbitrationStore own;
    private final ArbitrationStore peer;
    private HealthProbe probe = Health::up;
    private Supplier<Map<String, String>> lastGoodCuts = Map::of;
    private Promoter promoter = Promoter.NONE;
    private Clock clock = Clock.systemUTC();
    private ArbitrationSettings settings = ArbitrationSettings.defaults();

    private Builder(SiteId site, ClusterPair configured, ArbitrationStore own, ArbitrationStore peer) {
      this.site = Objects.requireNonNull(site, "site cannot be null");
      this.configured = Objects.requireNonNull(configured, "pair cannot be null");
      this.own = Objects.requireNonNull(own, "own registry cannot be null");
      this.peer = Objects.requireNonNull(peer, "peer registry cannot be null");
      if (!PairKey.of(configured).contains(site)) {
        throw new IllegalArgumentException("Site " + site + " is not part of pair " + configured.id());
      }
    }

    public Builder health(HealthProbe value) {
      this.probe = Objects.requireNonNull(value);
      return this;
    }

    public Builder lastGoodCuts(Supplier<Map<String, String>> value) {
      this.lastGoodCuts = Objects.requireNonNull(value);
      return this;
    }

    public Builder promoter(Promoter value) {
      this.promoter = Objects.requireNonNull(value);
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /** Used until the pair's settings are read from a registry. */
    public Builder settings(ArbitrationSettings value) {
      this.settings = Objects.requireNonNull(value);
      return this;
    }

    public SiteAgent build() {
      return new SiteAgent(this);
    }
  }
}
