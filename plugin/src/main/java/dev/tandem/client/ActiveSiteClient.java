package dev.tandem.client;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.arbiter.Versioned;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For applications: which site of a pair is active now, with a callback when that changes. It reads the epoch and
 * the sites' statuses from both sites' registries (so it keeps answering when one site is gone), every heartbeat
 * and whenever a registry reports a change of the epoch.
 *
 * <pre>{@code
 * try (ActiveSiteClient sites = ActiveSiteClient.connect(PairKey.parse("east+west"),
 *     Map.of(SiteId.of("east"), "zk1.east:2181", SiteId.of("west"), "zk1.west:2181"))) {
 *   sites.addListener((before, now) -> router.pointTo(now.filter(ActiveSite::confirmed)));
 *   sites.start();
 * }
 * }</pre>
 *
 * <p>The answer is the site named by the highest epoch in phase ACTIVE, confirmed when that site's own status,
 * advancing within three heartbeats, says ACTIVE at that epoch. A site's server stops reporting ACTIVE when it
 * loses its lease, so an application that writes only to a confirmed site stops within about a lease plus a
 * heartbeat of its site being cut off; cooperating writers should also honour the group's writer fence.
 */
public final class ActiveSiteClient implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveSiteClient.class);

  private enum State { LATENT, STARTED, CLOSED }

  private final PairKey pair;
  private final List<ArbitrationStore> stores;
  private final boolean ownsStores;
  private final List<ActiveSiteListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final AtomicReference<Optional<ActiveSite>> current = new AtomicReference<>(Optional.empty());
  private final AtomicBoolean queued = new AtomicBoolean();
  private final Map<SiteId, long[]> progress = new HashMap<>();
  private final ScheduledExecutorService timer;
  private volatile Duration heartbeat = ArbitrationSettings.HEARTBEAT_DEFAULT;

  private ActiveSiteClient(PairKey pair, List<ArbitrationStore> stores, boolean ownsStores) {
    this.pair = Objects.requireNonNull(pair, "pair cannot be null");
    this.stores = List.copyOf(stores);
    this.ownsStores = ownsStores;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tandem-active-site-" + pair);
      t.setDaemon(true);
      return t;
    });
  }

  /** A client with its own ZooKeeper connections: site → connect string of its registry (root {@code /tandem}). */
  public static ActiveSiteClient connect(PairKey pair, Map<SiteId, String> registries) {
    List<ArbitrationStore> stores = new ArrayList<>();
    registries.forEach((site, connect) -> stores.add(ZkArbitrationStore.connect(site, connect, "/tandem",
        Duration.ofSeconds(15), Duration.ofSeconds(2))));
    return new ActiveSiteClient(pair, stores, true);
  }

  /** A client over registries the caller opened and closes. */
  public static ActiveSiteClient over(PairKey pair, List<ArbitrationStore> stores) {
    return new ActiveSiteClient(pair, stores, false);
  }

  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    ArbitrationStore.Listener wake = new ArbitrationStore.Listener() {
      @Override
      public void connectionChanged(SiteId site, ArbitrationStore.Connection c) {
        refreshSoon(); // SUSPENDED/LOST: that registry stops counting; RECONNECTED: it counts again
      }

      @Override
      public void changed(SiteId site, PairKey p) {
        refreshSoon();
      }
    };
    stores.forEach(s -> s.addListener(wake));
    timer.execute(this::loop);
  }

  /** The active site as last determined; empty while none may be written. */
  public Optional<ActiveSite> active() {
    return current.get();
  }

  /** Whether applications may write at {@code site} now. */
  public boolean writable(SiteId site) {
    return current.get().filter(a -> a.site().equals(site) && a.confirmed()).isPresent();
  }

  /**
   * Starts a write of a group at {@code site} the safe way round: the write is registered with the group's writer
   * fence first ({@code writers}, from that site's registry), and only then is the site checked to be the
   * confirmed active one. A cut (the final cut of a switchover among them) waits for registered writes, and a
   * switchover takes its final cut only after clients had time to see the fence, so a write is either in the
   * final cut or refused here. Close the handle once the write is durable.
   *
   * @throws dev.tandem.model.ConflictException if {@code site} may not be written now (nothing was registered)
   */
  public dev.tandem.engine.WriterFence.Write beginWrite(SiteId site, dev.tandem.engine.WriterFence.Writers writers,
      Duration wait) {
    dev.tandem.engine.WriterFence.Write write = writers.begin(wait);
    if (!writable(site)) {
      write.close();
      throw new dev.tandem.model.ConflictException("Site " + site + " is not the active site of " + pair + " now ("
          + active().map(a -> a.site() + (a.confirmed() ? "" : ", unconfirmed") + " at epoch " + a.epoch())
          .orElse("no active site") + ")");
    }
    return write;
  }

  public void addListener(ActiveSiteListener listener) {
    listeners.add(listener);
  }

  /** Waits until {@code site} is the confirmed active site; false on timeout. */
  public boolean awaitWritable(SiteId site, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!writable(site)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      synchronized (current) {
        current.wait(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
      }
    }
    return true;
  }

  private void refreshSoon() {
    if (state.get() == State.STARTED && queued.compareAndSet(false, true)) {
      try {
        timer.execute(() -> {
          queued.set(false);
          refresh();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed
      }
    }
  }

  private void loop() {
    refresh();
    if (state.get() == State.STARTED) {
      try {
        timer.schedule(this::loop, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed
      }
    }
  }

  private void refresh() {
    Epoch highest = null;
    Map<SiteId, SiteStatus> latest = new HashMap<>();
    for (ArbitrationStore store : stores) {
      if (!store.connected()) {
        continue;
      }
      try {
        store.settings(pair).ifPresent(s -> heartbeat = s.heartbeat());
        Optional<Versioned<Epoch>> e = store.epoch(pair);
        if (e.isPresent() && (highest == null || e.get().value().newerThan(highest))) {
          highest = e.get().value();
        }
        for (SiteId s : List.of(pair.first(), pair.second())) {
          store.status(pair, s).ifPresent(v -> latest.merge(s, v.value(),
              (a, b) -> a.sequence() >= b.sequence() ? a : b));
        }
      } catch (RuntimeException e) {
        LOG.debug("Registry of {} not readable: {}", store.site(), e.getMessage());
      }
    }
    Optional<ActiveSite> now = Optional.empty();
    if (highest != null && highest.phase() == Epoch.Phase.ACTIVE) {
      SiteStatus s = latest.get(highest.active());
      boolean confirmed = s != null && fresh(s) && s.epoch() == highest.number() && s.role() == Role.ACTIVE;
      now = Optional.of(new ActiveSite(highest.active(), highest.number(), confirmed));
    }
    if (state.get() == State.CLOSED) {
      return; // a refresh that was under way at close() tells no listener any more
    }
    Optional<ActiveSite> before = current.getAndSet(now);
    if (!before.equals(now)) {
      synchronized (current) {
        current.notifyAll();
      }
      for (ActiveSiteListener l : listeners) {
        try {
          l.activeSiteChanged(before, now);
        } catch (RuntimeException e) {
          LOG.warn("Active-site listener failed: {}", e.getMessage());
        }
      }
    }
  }

  /**
   * A status is fresh when its sequence moved within the last three heartbeats, on this client's clock. The first
   * one seen proves nothing (it may be the last word of a site that is gone): it must move once.
   */
  private boolean fresh(SiteStatus s) {
    long now = System.nanoTime();
    long window = heartbeat.multipliedBy(3).toNanos();
    long[] seen = progress.computeIfAbsent(s.site(), k -> new long[] {s.sequence(), now - window});
    if (seen[0] != s.sequence()) {
      seen[0] = s.sequence();
      seen[1] = now;
    }
    return now - seen[1] < window;
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    timer.shutdownNow();
    try {
      // A listener may still be running a refresh; once close() returns, none is called again.
      if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Active-site refresh of {} still running after close", pair);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsStores) {
      stores.forEach(ArbitrationStore::close);
    }
  }
}
