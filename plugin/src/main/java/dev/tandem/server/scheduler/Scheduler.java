package dev.tandem.server.scheduler;

import dev.tandem.engine.Registry;
import dev.tandem.model.GroupName;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runs of the groups whose primary is this site, at the moments their {@link Schedule} names.
 *
 * <p>Rules, all decided from durable state so that any server can take over:
 * <ul>
 *   <li>Only the leader acts ({@link Leadership}); the others tick and do nothing.</li>
 *   <li>Each group has a mark: the last scheduled moment handled. A moment is due when it is after the mark and
 *       not after now. A new group's mark starts at the moment it is first seen: it runs at its next moment,
 *       not at once.</li>
 *   <li>Missed moments (the server was down, or no leader) are coalesced: one run, and the mark jumps to the
 *       latest missed moment. Never a burst.</li>
 *   <li>A group still running when its moment comes is deferred, not doubled: the moment stays due and the run
 *       starts at the first tick after the previous one ends.</li>
 *   <li>A disabled group's moments pass without a run (the mark moves on), so enabling it does not start a run
 *       for the time it was off.</li>
 *   <li>The mark moves by compare-and-set before the run starts: of two schedulers that both think they lead,
 *       one wins the moment and the other starts nothing. If the run cannot start, the mark is moved back.</li>
 *   <li>When the group's latest run since the handled moment failed, the moment is retried ({@link RetryPolicy}):
 *       after a back-off that doubles with each retry, at most the policy's attempts, and only before the next
 *       moment. The retries are counted in the mark (compare-and-set as well), so a new leader neither repeats nor
 *       forgets them. A run that succeeds, or a moment that passes, ends the retries.</li>
 * </ul>
 * Times are instants; each schedule carries its own time zone, so daylight-saving changes move the wall-clock
 * moments as {@link Schedule#nextAfter} defines.
 */
public final class Scheduler implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final int MAX_MISSED = 1_000_000;

  /** Whether this server may act now. */
  @FunctionalInterface
  public interface Leadership {
    boolean isLeader();
  }

  /** Starts runs; implemented by the server over its run executor. */
  public interface RunStarter {
    /** Starts a run of {@code group}, recorded as requested by {@code requestedBy}; throws when it cannot start. */
    void start(GroupName group, String requestedBy);

    /** Whether a run of {@code group} executes now. */
    boolean running(GroupName group);
  }

  public enum Outcome { INITIALISED, NOT_DUE, STARTED, RETRIED, DEFERRED, SKIPPED_DISABLED, LOST_RACE, FAILED_TO_START }

  /** Who the scheduler's runs are requested by. */
  public static final String REQUESTED_BY = "scheduler";

  /**
   * What one tick decided for one group.
   *
   * @param moment the scheduled moment concerned (the next one for NOT_DUE)
   * @param missed how many earlier due moments were coalesced into this one
   */
  public record Decision(GroupName group, Outcome outcome, Instant moment, int missed, String detail) {}

  private enum State { LATENT, STARTED, CLOSED }

  private final Registry local;
  private final SiteId site;
  private final ZkScheduleStore marks;
  private final Leadership leadership;
  private final RunStarter starter;
  private final RetryPolicy retries;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tandem-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  public Scheduler(Registry local, SiteId site, ZkScheduleStore marks, Leadership leadership, RunStarter starter,
      RetryPolicy retries, Clock clock) {
    this.local = local;
    this.site = site;
    this.marks = marks;
    this.leadership = leadership;
    this.starter = starter;
    this.retries = retries;
    this.clock = clock;
  }

  /** Ticks every {@code every} in the background until closed. */
  public void start(Duration every) {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    timer.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.warn("Scheduler tick failed: {}", e.getMessage());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass over the groups. Returns what it decided (empty when not the leader). */
  public synchronized List<Decision> tick() {
    if (!leadership.isLeader()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<Decision> decisions = new ArrayList<>();
    List<ProtectionGroup> groups = new ArrayList<>(local.groups());
    groups.sort(Comparator.comparing(g -> g.name().value()));
    for (ProtectionGroup group : groups) {
      if (!group.pair().primary().equals(site)) {
        continue; // scheduled by the servers of its primary site
      }
      try {
        decisions.add(decide(group, now));
      } catch (TandemException e) {
        LOG.warn("Scheduler: group {}: {}", group.name(), e.getMessage());
      }
    }
    return decisions;
  }

  private Decision decide(ProtectionGroup group, Instant now) {
    GroupName name = group.name();
    Schedule schedule = group.schedule();
    Optional<ZkScheduleStore.Mark> mark = marks.read(name);
    if (mark.isEmpty()) {
      marks.create(name, now);
      return new Decision(name, Outcome.INITIALISED, schedule.nextAfter(now), 0, "first seen; runs from its next moment");
    }
    Instant handled = mark.get().handledThrough();
    Instant due = schedule.nextAfter(handled);
    if (due.isAfter(now)) {
      return retry(group, mark.get(), due, now).orElse(new Decision(name, Outcome.NOT_DUE, due, 0, null));
    }
    int missed = 0;
    for (Instant next = schedule.nextAfter(due); !next.isAfter(now) && missed < MAX_MISSED;
        next = schedule.nextAfter(next)) {
      due = next;
      missed++;
    }
    if (!group.enabled()) {
      marks.advance(name, mark.get().version(), due);
      return new Decision(name, Outcome.SKIPPED_DISABLED, due, missed, "group is disabled");
    }
    if (starter.running(name)) {
      return new Decision(name, Outcome.DEFERRED, due, missed, "previous run still executing");
    }
    if (!leadership.isLeader()) {
      return new Decision(name, Outcome.LOST_RACE, due, missed, "leadership lost");
    }
    if (!marks.advance(name, mark.get().version(), due)) {
      return new Decision(name, Outcome.LOST_RACE, due, missed, "another scheduler claimed this moment");
    }
    try {
      starter.start(name, REQUESTED_BY);
    } catch (TandemException e) {
      // Give the moment back so that the next tick tries again; the version moved by exactly our write.
      marks.advance(name, mark.get().version() + 1, handled);
      LOG.warn("Scheduled run of group {} for {} could not start: {}", name, due, e.getMessage());
      return new Decision(name, Outcome.FAILED_TO_START, due, missed, e.getMessage());
    }
    if (missed > 0) {
      LOG.info("Scheduled run of group {} started for {} ({} earlier moment(s) missed, run once)", name, due, missed);
    } else {
      LOG.info("Scheduled run of group {} started for {}", name, due);
    }
    return new Decision(name, Outcome.STARTED, due, missed, null);
  }

  /**
   * A retry of the handled moment when the group's latest run since that moment failed and the policy allows one
   * now; a NOT_DUE decision naming when it will when it only allows one later; empty when none is to come.
   */
  private Optional<Decision> retry(ProtectionGroup group, ZkScheduleStore.Mark mark, Instant next, Instant now) {
    GroupName name = group.name();
    if (retries.attempts() == 0 || !group.enabled() || mark.retries() >= retries.attempts()) {
      return Optional.empty();
    }
    List<Run> latest = local.runs(name, 1);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Run failed = latest.get(0);
    if (failed.state() != RunState.FAILED || failed.endedAt() == null
        || failed.startedAt().isBefore(mark.handledThrough())) {
      return Optional.empty(); // succeeded, still running, or from before this moment
    }
    Instant at = retries.nextAttemptAt(mark.retries(), failed.endedAt());
    if (!at.isBefore(next)) {
      return Optional.empty(); // the next moment comes first and carries on
    }
    int attempt = mark.retries() + 1;
    String what = "retry " + attempt + " of " + retries.attempts() + " after " + failed.id();
    if (now.isBefore(at)) {
      return Optional.of(new Decision(name, Outcome.NOT_DUE, next, 0, what + " at " + at));
    }
    if (starter.running(name)) {
      return Optional.of(new Decision(name, Outcome.DEFERRED, mark.handledThrough(), 0, "a run is executing"));
    }
    if (!leadership.isLeader()) {
      return Optional.of(new Decision(name, Outcome.LOST_RACE, mark.handledThrough(), 0, "leadership lost"));
    }
    if (!marks.retried(name, mark.version(), mark.handledThrough(), attempt)) {
      return Optional.of(new Decision(name, Outcome.LOST_RACE, mark.handledThrough(), 0,
          "another scheduler claimed this retry"));
    }
    try {
      starter.start(name, REQUESTED_BY + " (" + what + ")");
    } catch (TandemException e) {
      marks.retried(name, mark.version() + 1, mark.handledThrough(), mark.retries());
      LOG.warn("Retry of group {} could not start: {}", name, e.getMessage());
      return Optional.of(new Decision(name, Outcome.FAILED_TO_START, mark.handledThrough(), 0, e.getMessage()));
    }
    LOG.info("Scheduled moment {} of group {}: {} started", mark.handledThrough(), name, what);
    return Optional.of(new Decision(name, Outcome.RETRIED, mark.handledThrough(), 0, what));
  }

  @Override
  public void close() {
    state.set(State.CLOSED);
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
