package dev.tandem.server.scheduler;

import dev.tandem.engine.Registry;
import dev.tandem.model.GroupName;
import dev.tandem.model.ProtectionGroup;
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
    /** Starts a run of {@code group}; throws when it cannot start. */
    void start(GroupName group);

    /** Whether a run of {@code group} executes now. */
    boolean running(GroupName group);
  }

  public enum Outcome { INITIALISED, NOT_DUE, STARTED, DEFERRED, SKIPPED_DISABLED, LOST_RACE, FAILED_TO_START }

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
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tandem-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  public Scheduler(Registry local, SiteId site, ZkScheduleStore marks, Leadership leadership, RunStarter starter,
      Clock clock) {
    this.local = local;
    this.site = site;
    this.marks = marks;
    this.leadership = leadership;
    this.starter = starter;
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
      return new Decision(name, Outcome.NOT_DUE, due, 0, null);
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
      starter.start(name);
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
