package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.SpaceSurvey;
import dev.tandem.model.GroupName;
import dev.tandem.model.GroupSpace;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.SiteId;
import dev.tandem.model.SiteSpace;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The space each group's snapshots hold, measured off the runs' critical path: after a run of this server
 * finishes (on one background thread, so surveys never compete with each other), and on request when the cached
 * measurement is older than {@code maxAge}. {@code /status}, metrics and alerts read the cache only.
 */
final class SnapshotSpaceService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSpaceService.class);
  /** Committed runs looked at for the next cut's expected size. */
  static final int RECENT_RUNS = 10;

  private final ControlPlane controlPlane;
  private final SiteConnections connections;
  private final Clock clock;
  private final Duration maxAge;
  private final SpaceSurvey survey;
  private final Map<GroupName, GroupSpace> cache = new ConcurrentHashMap<>();
  private final Set<GroupName> pending = ConcurrentHashMap.newKeySet();
  private final ExecutorService background = Executors.newSingleThreadExecutor(
      SiteHealthMonitor.daemon("tandem-space"));

  SnapshotSpaceService(ControlPlane controlPlane, SiteConnections connections, Clock clock, Duration maxAge,
      int maxFiles) {
    this.controlPlane = controlPlane;
    this.connections = connections;
    this.clock = clock;
    this.maxAge = maxAge;
    this.survey = new SpaceSurvey(maxFiles);
  }

  /** The cached measurement if younger than the refresh interval (or {@code refresh} is false and one exists). */
  GroupSpace space(ProtectionGroup group, boolean refresh) {
    GroupSpace cached = cache.get(group.name());
    if (!refresh && cached != null && cached.computedAt().plus(maxAge).isAfter(clock.instant())) {
      return cached;
    }
    return measure(group);
  }

  Optional<GroupSpace> cached(GroupName group) {
    return Optional.ofNullable(cache.get(group));
  }

  /** Measures the group again in the background (at most one pending survey per group). */
  void refreshLater(GroupName group) {
    if (!pending.add(group)) {
      return;
    }
    try {
      background.execute(() -> {
        pending.remove(group);
        try {
          measure(controlPlane.group(group));
        } catch (RuntimeException e) {
          LOG.warn("Snapshot space of group {} not measured: {}", group, e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      pending.remove(group); // closing
    }
  }

  private GroupSpace measure(ProtectionGroup group) {
    SiteSpace primary = site(group.pair().primary(), group.name());
    SiteSpace secondary = site(group.pair().secondary(), group.name());
    int replication = secondary.fs() == null ? 1 : Math.max(1, secondary.fs().defaultReplication());
    GroupSpace space = new GroupSpace(group.name(), clock.instant(), primary, secondary,
        largestRecentCopy(group) * replication);
    cache.put(group.name(), space);
    return space;
  }

  private SiteSpace site(SiteId id, GroupName group) {
    try {
      return survey.survey(connections.open(controlPlane.site(id)), group);
    } catch (TandemException e) {
      return SiteSpace.unknown(id, e.getMessage());
    }
  }

  /** Bytes (not replicated) the largest of the group's recent committed runs copied; 0 if none committed. */
  private long largestRecentCopy(ProtectionGroup group) {
    try {
      return connections.open(controlPlane.site(group.pair().primary())).registry()
          .runs(group.name(), RECENT_RUNS).stream()
          .filter(r -> r.state() == RunState.SUCCEEDED && r.report() != null)
          .mapToLong(r -> r.report().bytesCopied()).max().orElse(0);
    } catch (TandemException e) {
      return 0;
    }
  }

  /** A run of this server finished: what its cut and retention changed is measured next. */
  void onFinished(Run run) {
    refreshLater(run.group());
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
