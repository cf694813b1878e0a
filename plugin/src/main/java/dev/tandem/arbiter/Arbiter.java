package dev.tandem.arbiter;

import dev.tandem.model.CommitStateUnknownException;
import dev.tandem.model.ConflictException;
import dev.tandem.model.SiteId;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which site of a pair is active, from both sites' statuses as found in both registries. Runs beside the
 * applications, in a third place or inside a Tandem server; several may run at once.
 *
 * <p>Every heartbeat it reads both registries, copies the highest epoch into a registry that lags, and endorses
 * the active site (a {@link Verdict} acknowledging the newest status it found healthy), which renews that
 * site's lease. When automatic failover is on, the pair is protected and the active site has been unhealthy
 * or silent for the grace period while the standby is healthy, it promotes the standby: a compare-and-set of the
 * epoch in the standby's registry, conditional in the same transaction on the active site's status there being
 * the one it judged. Arbiters deciding at once are serialised by a mutex in that registry, and whichever comes
 * second finds the epoch moved: a pair is promoted once.
 *
 * <p>The active site cannot still be active when the promotion lands: it renews its lease only through a status
 * this arbiter would have seen advance (which restarts the grace period) or through an endorsement, and this
 * arbiter stopped endorsing it a grace period ago, which is longer than a lease. Other arbiters' endorsements
 * found in the registries count as the active site being seen healthy.
 */
public final class Arbiter implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);

  private enum State { LATENT, STARTED, CLOSED }

  /** What the arbiter last concluded about a site. */
  public record SiteView(SiteId site, Optional<SiteStatus> status, boolean healthy, Duration sinceHealthy) {}

  /** Called when this arbiter promoted a site. */
  @FunctionalInterface
  public interface DecisionListener {
    void promoted(PairKey pair, Epoch from, Epoch to);
  }

  private static final class Tracker {
    long sequence = Long.MIN_VALUE;
    long lastHealthyNanos;
    Instant lastHealthyAt;
    SiteStatus latest;
    boolean healthyNow;
  }

  private final String id;
  private final PairKey pair;
  private final Map<SiteId, ArbitrationStore> stores;
  private final Clock clock;
  private final Map<SiteId, Tracker> trackers = new HashMap<>();
  private final Map<String, Long> otherVerdicts = new HashMap<>();
  private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final AtomicLong verdicts = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger hurry = new java.util.concurrent.atomic.AtomicInteger();
  private final ScheduledExecutorService timer;
  private final Reach reach;
  private volatile ArbitrationSettings settings;
  private volatile Epoch known;
  private volatile Map<SiteId, SiteView> views = Map.of();

  /**
   * @param id unique among the pair's arbiters (it names the arbiter's endorsement znode)
   * @param stores the registries of both sites of {@code pair}
   * @param settings used until the pair's settings are read from a registry
   */
  public Arbiter(String id, PairKey pair, List<ArbitrationStore> stores, Clock clock, ArbitrationSettings settings) {
    this.id = Objects.requireNonNull(id, "id cannot be null");
    this.pair = Objects.requireNonNull(pair, "pair cannot be null");
    this.stores = new LinkedHashMap<>();
    for (ArbitrationStore s : stores) {
      if (!pair.contains(s.site())) {
        throw new IllegalArgumentException("Registry of " + s.site() + " is not one of pair " + pair);
      }
      this.stores.put(s.site(), s);
    }
    if (this.stores.size() != 2) {
      throw new IllegalArgumentException("An arbiter needs the registries of both sites of " + pair);
    }
    this.clock = clock;
    this.settings = settings;
    this.timer = Executors.newSingleThreadScheduledExecutor(Reach.daemon("tandem-arbiter-" + id));
    this.reach = new Reach("tandem-arbiter-" + id + "-io");
  }

  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    long now = System.nanoTime();
    for (SiteId s : stores.keySet()) {
      Tracker t = new Tracker();
      // A fresh arbiter has seen nobody healthy yet, and must not fail anyone over before a full grace period.
      t.lastHealthyNanos = now;
      trackers.put(s, t);
    }
    ArbitrationStore.Listener wake = new ArbitrationStore.Listener() {
      @Override
      public void connectionChanged(SiteId site, ArbitrationStore.Connection c) {
        // SUSPENDED/LOST: reads of that registry fail fast and it counts as unreachable until RECONNECTED;
        // endorsements were ephemeral, so after LOST they are written anew at the next heartbeat.
        LOG.info("Arbiter {}: registry of {} {}", id, site, c);
      }
    };
    stores.values().forEach(s -> s.addListener(wake));
    timer.execute(this::loop);
  }

  public String id() {
    return id;
  }

  public PairKey pair() {
    return pair;
  }

  public Optional<Epoch> epoch() {
    return Optional.ofNullable(known);
  }

  /** What this arbiter last concluded about each site: the stale-status detection an operator sees. */
  public Map<SiteId, SiteView> sites() {
    return views;
  }

  public void addListener(DecisionListener listener) {
    listeners.add(listener);
  }

  private void loop() {
    try {
      round();
    } catch (RuntimeException e) {
      LOG.warn("Arbiter {}: round failed: {}", id, e.getMessage());
      LOG.debug("Arbiter round failure", e);
    }
    if (state.get() == State.STARTED) {
      // Right after a decision the new active needs an endorsement of a status at the new epoch to start its lease:
      // look again sooner for a few rounds instead of a heartbeat later.
      long next = hurry.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? settings.heartbeat().toMillis() / 5
          : settings.heartbeat().toMillis();
      try {
        timer.schedule(this::loop, next, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed
      }
    }
  }

  private record Look(boolean reachable, Optional<Versioned<Epoch>> epoch, Map<SiteId, Versioned<SiteStatus>> statuses,
      List<Verdict> verdicts) {}

  private void round() {
    Duration bound = settings.heartbeat().multipliedBy(2);
    Map<SiteId, Look> looks = new LinkedHashMap<>();
    for (ArbitrationStore store : stores.values()) {
      looks.put(store.site(), look(store, bound));
    }
    Epoch highest = null;
    for (Look l : looks.values()) {
      if (l.epoch().isPresent() && (highest == null || l.epoch().get().value().newerThan(highest))) {
        highest = l.epoch().get().value();
      }
    }
    if (highest == null) {
      return; // the sites initialise the pair's first epoch
    }
    if (known != null && highest.number() != known.number()) {
      hurry.set(15); // decided elsewhere (an operator, another arbiter): the new active needs endorsements now
    }
    known = highest;
    propagate(highest, looks, bound);
    observe(highest, looks);
    endorse(highest, looks, bound);
    considerFailover(highest, looks, bound);
  }

  private Look look(ArbitrationStore store, Duration bound) {
    var r = reach.call(() -> {
      for (ArbitrationSettings s : store.settings(pair).stream().toList()) {
        settings = s;
      }
      Map<SiteId, Versioned<SiteStatus>> statuses = new HashMap<>();
      for (SiteId s : stores.keySet()) {
        store.status(pair, s).ifPresent(v -> statuses.put(s, v));
      }
      return new Look(true, store.epoch(pair), statuses, store.verdicts(pair));
    }, bound, "arbiter " + id + ": read the registry of " + store.site());
    return r.reachable() ? r.value() : new Look(false, Optional.empty(), Map.of(), List.of());
  }

  private void propagate(Epoch highest, Map<SiteId, Look> looks, Duration bound) {
    for (var e : looks.entrySet()) {
      Look l = e.getValue();
      if (!l.reachable() || (l.epoch().isPresent() && !highest.newerThan(l.epoch().get().value()))) {
        continue;
      }
      ArbitrationStore store = stores.get(e.getKey());
      int version = l.epoch().map(Versioned::version).orElse(-1);
      try {
        boolean done = reach.run(() -> {
          if (highest.phase() == Epoch.Phase.ACTIVE && version >= 0) {
            store.replaceEpochAndDirection(pair, version, highest, highest.direction(pair));
          } else {
            store.replaceEpoch(pair, version, highest, Optional.empty());
          }
        }, bound, "arbiter " + id + ": copy " + highest + " to " + e.getKey());
        if (done) {
          LOG.info("Arbiter {}: copied {} to the registry of {}", id, highest, e.getKey());
        }
      } catch (ConflictException ex) {
        // it moved under us; next round
      }
    }
  }

  private void observe(Epoch highest, Map<SiteId, Look> looks) {
    long now = System.nanoTime();
    long fresh = settings.heartbeat().multipliedBy(3).toNanos();
    Map<SiteId, SiteView> out = new LinkedHashMap<>();
    for (SiteId site : stores.keySet()) {
      Tracker t = trackers.get(site);
      SiteStatus best = null;
      for (Look l : looks.values()) {
        Versioned<SiteStatus> v = l.statuses().get(site);
        if (v != null && (best == null || v.value().sequence() > best.sequence())) {
          best = v.value();
        }
      }
      boolean advanced = best != null && best.sequence() != t.sequence;
      if (advanced) {
        t.sequence = best.sequence();
        t.latest = best;
        t.healthyNow = best.health().healthy();
        if (t.healthyNow) {
          t.lastHealthyNanos = now;
          t.lastHealthyAt = clock.instant();
        }
      } else if (now - t.lastHealthyNanos > fresh) {
        t.healthyNow = false; // silent: a stale status proves nothing
      }
      out.put(site, new SiteView(site, Optional.ofNullable(t.latest), t.healthyNow,
          Duration.ofNanos(now - t.lastHealthyNanos)));
    }
    // Another arbiter's endorsement of the active site, moving, means that arbiter sees it healthy.
    for (Look l : looks.values()) {
      for (Verdict v : l.verdicts()) {
        if (v.arbiter().equals(id) || v.epoch() != highest.number() || !v.active().equals(highest.active())) {
          continue;
        }
        Long seen = otherVerdicts.put(v.arbiter(), v.sequence());
        if (seen != null && seen != v.sequence()) {
          Tracker t = trackers.get(highest.active());
          t.lastHealthyNanos = now;
          t.lastHealthyAt = clock.instant();
        }
      }
    }
    views = out;
    LOG.debug("Arbiter {}: {} {} {}", id, settings, highest, out.values());
  }

  private void endorse(Epoch highest, Map<SiteId, Look> looks, Duration bound) {
    Tracker t = trackers.get(highest.active());
    if (!t.healthyNow || t.latest == null || t.latest.epoch() != highest.number()) {
      return;
    }
    Verdict v = new Verdict(id, highest.number(), highest.active(), t.latest.sequence(), verdicts.incrementAndGet(),
        clock.instant());
    for (var e : looks.entrySet()) {
      if (e.getValue().reachable()) {
        ArbitrationStore store = stores.get(e.getKey());
        reach.run(() -> store.putVerdict(pair, v), bound, "arbiter " + id + ": endorse " + highest.active());
      }
    }
  }

  private void considerFailover(Epoch highest, Map<SiteId, Look> looks, Duration bound) {
    SiteId active = highest.active();
    SiteId standby = pair.other(active);
    Tracker a = trackers.get(active);
    Tracker s = trackers.get(standby);
    long unhealthy = System.nanoTime() - a.lastHealthyNanos;
    if (unhealthy < settings.grace().toNanos()) {
      return;
    }
    if (!settings.autoFailover() || highest.phase() != Epoch.Phase.ACTIVE
        || highest.protection() != Epoch.Protection.PROTECTED || !s.healthyNow || !looks.get(standby).reachable()) {
      LOG.debug("Arbiter {}: {} unhealthy for {} ms but no failover: automatic {}, {}, standby {} healthy {}, "
          + "its registry reachable {}", id, active, unhealthy / 1_000_000, settings.autoFailover(), highest, standby,
          s.healthyNow, looks.get(standby).reachable());
      return;
    }
    ArbitrationStore store = stores.get(standby);
    String why = "site " + active + " unhealthy or silent for " + Duration.ofNanos(unhealthy).toMillis() + " ms"
        + (a.latest == null ? "" : " (last status: " + describe(a.latest) + ")");
    try (ArbitrationStore.Held held = store.lockDecisions(pair, bound)) {
      Versioned<Epoch> current = store.epoch(pair).orElse(null);
      if (current == null || current.value().compareTo(highest) != 0) {
        return; // decided by someone else meanwhile
      }
      // The active site's status as judged this round: if it writes again before the decision lands (a renewal
      // through this registry), the transaction fails and the next round judges again.
      Versioned<SiteStatus> judged = looks.get(standby).statuses().get(active);
      Epoch next = highest.next(standby, Epoch.Phase.PROMOTING, Epoch.Protection.UNPROTECTED,
          Epoch.Transition.FAILOVER, clock.instant(), "arbiter " + id, why, a.lastHealthyAt, Duration.ZERO);
      store.replaceEpoch(pair, current.version(), next, Optional.of(new ArbitrationStore.StatusCheck(active,
          judged == null ? -1 : judged.version())));
      known = next;
      hurry.set(15);
      LOG.warn("Arbiter {}: failover of {} to {} at epoch {}: {}", id, pair, standby, next.number(), why);
      for (DecisionListener l : listeners) {
        l.promoted(pair, highest, next);
      }
      tell(stores.get(active), next, bound);
    } catch (ConflictException | CommitStateUnknownException e) {
      LOG.info("Arbiter {}: failover of {} not done this round: {}", id, pair, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Arbiter {}: failover of {} failed this round: {}", id, pair, e.getMessage());
    }
  }

  /** Copies a decision to the old active's registry at once if it answers; otherwise the next rounds do. */
  private void tell(ArbitrationStore old, Epoch next, Duration bound) {
    try {
      reach.run(() -> old.epoch(pair).ifPresent(v -> {
        if (next.newerThan(v.value())) {
          old.replaceEpoch(pair, v.version(), next, Optional.empty());
        }
      }), bound, "arbiter " + id + ": tell " + old.site());
    } catch (ConflictException e) {
      // someone (its agent, another arbiter) copied it first
    }
  }

  private static String describe(SiteStatus s) {
    Health h = s.health();
    return "NameNode " + h.nameNode() + ", metastore " + h.metastore() + ", registry " + h.registry()
        + (h.detail().isEmpty() ? "" : ", " + h.detail());
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    timer.shutdownNow();
    reach.close();
  }
}
