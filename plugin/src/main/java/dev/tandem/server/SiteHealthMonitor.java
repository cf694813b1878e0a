package dev.tandem.server;

import dev.tandem.engine.Registry;
import dev.tandem.engine.SiteConnections;
import dev.tandem.model.ClusterSpec;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.CheckDto;
import dev.tandem.server.api.ClusterSpecDto;
import dev.tandem.server.api.ConnectivityDto;
import dev.tandem.server.api.SiteHealthDto;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every known site's registry (ZooKeeper) and file system (HDFS) in the background and keeps the latest
 * answer, so that status requests never wait for an unreachable site. Every probe is bounded by a timeout; a
 * probe still hanging in a client's retries is abandoned, not waited for.
 */
final class SiteHealthMonitor implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SiteHealthMonitor.class);

  private enum State { LATENT, STARTED, CLOSED }

  /** What is known of a site from its latest probe. */
  record Observation(SiteHealthDto health, ClusterSpecDto spec) {}

  private final Registry local;
  private final SiteId localId;
  private final SiteConnections connections;
  private final HdfsAccess hdfs;
  private final YarnClusterMetrics yarn;
  private final Clock clock;
  private final Duration timeout;
  private final ExecutorService probes;
  private final ScheduledExecutorService timer;
  private final Map<SiteId, Observation> latest = new ConcurrentHashMap<>();
  private final List<Runnable> afterRefresh = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  /** @param yarn the local site's ResourceManager, or null */
  SiteHealthMonitor(Registry local, SiteId localId, SiteConnections connections, HdfsAccess hdfs,
      YarnClusterMetrics yarn, Clock clock, Duration timeout) {
    this.local = local;
    this.localId = localId;
    this.connections = connections;
    this.hdfs = hdfs;
    this.yarn = yarn;
    this.clock = clock;
    this.timeout = timeout;
    this.probes = Executors.newCachedThreadPool(daemon("tandem-probe"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("tandem-health"));
  }

  void start(Duration interval) {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    timer.scheduleWithFixedDelay(() -> {
      try {
        refresh();
      } catch (RuntimeException e) {
        LOG.warn("Health check failed: {}", e.getMessage());
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Also runs {@code task} after every refresh (on the refreshing thread; its failures are logged). */
  void afterRefresh(Runnable task) {
    afterRefresh.add(task);
  }

  /** Probes every known site now, in parallel, and waits for the answers (each bounded by the timeout). */
  void refresh() {
    probeAll();
    for (Runnable task : afterRefresh) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("After the health check: {}", e.getMessage());
      }
    }
  }

  private void probeAll() {
    List<Site> sites = local.sites();
    List<Future<?>> pending = new ArrayList<>();
    for (Site site : sites) {
      pending.add(probes.submit(() -> observe(site)));
    }
    for (Future<?> f : pending) {
      try {
        f.get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("Health probe did not finish: {}", e.toString());
      }
    }
  }

  Optional<Observation> observation(SiteId site) {
    return Optional.ofNullable(latest.get(site));
  }

  /** Probes one site now: its registry and its file system, in parallel. */
  ConnectivityDto probe(Site site) {
    Probe p = run(site);
    return new ConnectivityDto(site.id().value(), p.registry().ok() && p.files().ok(), p.registry(), p.files());
  }

  private record Probe(CheckDto registry, CheckDto files, HdfsAccess.Capacity capacity) {}

  private Probe run(Site site) {
    long t0 = System.nanoTime();
    Future<Long> registry = probes.submit(() -> {
      Registry r = site.id().equals(localId) ? local : connections.open(site).registry();
      r.site(site.id());
      return 0L;
    });
    Future<HdfsAccess.Capacity> files = probes.submit(() -> hdfs.capacity(site));
    CheckDto r = check(registry, t0);
    CheckDto f = check(files, t0);
    HdfsAccess.Capacity capacity = null;
    if (f.ok()) {
      try {
        capacity = files.get();
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("unreachable: the probe already succeeded", e);
      }
    }
    return new Probe(r, f, capacity);
  }

  private void observe(Site site) {
    Probe p = run(site);
    CheckDto r = p.registry();
    CheckDto f = p.files();
    Instant now = clock.instant();
    Observation before = latest.get(site.id());
    boolean ok = r.ok() && f.ok();
    Instant lastSeen = ok ? now : before == null ? null : before.health().lastSeen();
    String error = ok ? null : (r.ok() ? "" : "registry: " + r.error()) + (!r.ok() && !f.ok() ? "; " : "")
        + (f.ok() ? "" : "file system: " + f.error());
    if (!ok && (before == null || before.health().reachable())) {
      LOG.warn("Site {} is not reachable: {}", site.id(), error);
    } else if (ok && before != null && !before.health().reachable()) {
      LOG.info("Site {} is reachable again", site.id());
    }
    latest.put(site.id(), new Observation(new SiteHealthDto(ok, lastSeen, now, error, r, f,
        p.capacity() == null ? null : p.capacity().openFiles().name()),
        spec(site, p.capacity(), now)));
  }

  private ClusterSpecDto spec(Site site, HdfsAccess.Capacity c, Instant now) {
    ClusterSpec recorded = site.spec();
    if (c == null) {
      return new ClusterSpecDto(recorded.nodes(), recorded.vcores(), recorded.memoryMb(), recorded.hdfsCapacityBytes(),
          recorded.hdfsUsedBytes(), "registry", null);
    }
    int nodes = c.liveDataNodes() > 0 ? c.liveDataNodes() : recorded.nodes();
    int vcores = recorded.vcores();
    long memory = recorded.memoryMb();
    if (yarn != null && site.id().equals(localId)) {
      try {
        YarnClusterMetrics.Totals t = yarn.read();
        nodes = Math.max(nodes, t.nodes());
        vcores = t.vcores();
        memory = t.memoryMb();
      } catch (java.io.IOException e) {
        LOG.debug("No YARN metrics for {}: {}", site.id(), e.getMessage());
      }
    }
    return new ClusterSpecDto(nodes, vcores, memory, c.capacityBytes(), c.usedBytes(), "live", now);
  }

  private CheckDto check(Future<?> probe, long t0) {
    long left = timeout.toNanos() - (System.nanoTime() - t0);
    try {
      probe.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      return new CheckDto(true, (System.nanoTime() - t0) / 1_000_000, null);
    } catch (TimeoutException e) {
      probe.cancel(true);
      return new CheckDto(false, timeout.toMillis(), "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      return new CheckDto(false, (System.nanoTime() - t0) / 1_000_000, firstLine(message));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CheckDto(false, 0, "interrupted");
    }
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() <= 300 ? line : line.substring(0, 297) + "...";
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    timer.shutdownNow();
    probes.shutdownNow();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
