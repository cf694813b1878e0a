package dev.tandem.server;

import dev.tandem.engine.GroupLock;
import dev.tandem.engine.Registry;
import dev.tandem.model.ConflictException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks run records that say RUNNING but whose server is gone as FAILED ("interrupted"). A run holds its group's
 * lock from its LOCK step to its end, and the lock is ephemeral: if this server can take the lock at once, nobody
 * executes the group, so a RUNNING record older than the grace period is a leftover. The next run's RECOVER step
 * repairs whatever the interrupted run left on the file systems; the last good cut was never moved by it.
 */
final class InterruptedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedRuns.class);

  private InterruptedRuns() {}

  /**
   * @param grace records younger than this are left alone: a run on another server may not have reached its LOCK
   *     step yet
   * @return how many records were marked
   */
  static int repair(Registry registry, SiteId local, RunTracker tracker, Clock clock, Duration grace) {
    int marked = 0;
    Instant now = clock.instant();
    for (ProtectionGroup group : registry.groups()) {
      if (!group.pair().primary().equals(local) || tracker.active(group.name()).isPresent()) {
        continue;
      }
      try {
        for (Run run : registry.runs(group.name(), Integer.MAX_VALUE)) {
          if (run.state() != RunState.RUNNING || run.startedAt().isAfter(now.minus(grace))) {
            continue;
          }
          try (GroupLock.Held held = registry.lock(group.name()).acquire(Duration.ZERO)) {
            registry.putRun(run.ended(RunState.FAILED, now, "Interrupted: the server executing this run stopped "
                + "before it finished; the last good cut is unchanged and the next run repairs what this one left"));
            marked++;
            LOG.warn("Run {} of group {} was left RUNNING by a server that stopped; marked FAILED (interrupted)",
                run.id(), group.name());
          } catch (ConflictException e) {
            break; // the group is executing somewhere: its RUNNING record is real
          }
        }
      } catch (TandemException e) {
        LOG.warn("Cannot check group {} for interrupted runs: {}", group.name(), e.getMessage());
      }
    }
    return marked;
  }
}
