package dev.tandem.server;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunReport;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.server.scheduler.RetryPolicy;
import dev.tandem.server.scheduler.Scheduler;
import dev.tandem.server.scheduler.Scheduler.Decision;
import dev.tandem.server.scheduler.Scheduler.Outcome;
import dev.tandem.server.scheduler.ZkScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scheduler's rules with a controllable clock, against a real ZooKeeper (the marks' compare-and-set is part of
 * the contract). Runs are recorded by a fake starter, not executed.
 */
@RealComponents
class SchedulerTest {
  private static TestingServer zk;
  private static ZkRegistry registry;
  private static int seq;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
  private final AtomicBoolean leader = new AtomicBoolean(true);
  private final FakeStarter starter = new FakeStarter(clock);
  private String root;
  private Scheduler scheduler;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    if (registry != null) {
      registry.close();
    }
    zk.close();
  }

  @BeforeEach
  void freshRegistry() {
    // A fresh registry root per test: tests share the ZooKeeper, never state.
    root = "/t" + (++seq);
    if (registry != null) {
      registry.close();
    }
    registry = ZkRegistry.connect(zk.getConnectString(), root, "test");
    scheduler = scheduler(leader::get, starter);
  }

  private Scheduler scheduler(Scheduler.Leadership leadership, Scheduler.RunStarter runs) {
    return scheduler(leadership, runs, new RetryPolicy(3, Duration.ofMinutes(5)));
  }

  private Scheduler scheduler(Scheduler.Leadership leadership, Scheduler.RunStarter runs, RetryPolicy retries) {
    return new Scheduler(registry, SiteId.of("east"), new ZkScheduleStore(registry.client(), new RegistryPaths(root)),
        leadership, runs, retries, clock);
  }

  private void group(String name, String moment, String every, String zone, boolean enabled) {
    group(name, moment, every, zone, enabled, "east");
  }

  private void group(String name, String moment, String every, String zone, boolean enabled, String primary) {
    String secondary = primary.equals("east") ? "west" : "east";
    registry.putGroup(new ProtectionGroup(GroupName.of(name), new ClusterPair(SiteId.of(primary),
        SiteId.of(secondary)), List.of(HdfsDirectory.of("/data/" + name)), Schedule.parse(moment, every, zone), 3,
        SnapshotEnablement.EXISTING_ONLY, enabled));
  }

  /**
   * A scheduler on this test's starter that asks whether it leads at the start of its tick and again just before
   * it claims a moment or a retry; {@code other}'s whole tick runs in between (its decisions into {@code seen}),
   * after both have read the same mark.
   */
  private Scheduler raceAgainst(Scheduler other, List<Decision> seen) {
    int[] asked = {0};
    return scheduler(() -> {
      if (++asked[0] == 2) {
        seen.addAll(other.tick());
      }
      return true;
    }, starter);
  }

  private Decision tickOne() {
    List<Decision> d = scheduler.tick();
    assertThat(d).hasSize(1);
    return d.get(0);
  }

  @Test
  void firstRunAtTheBackupMomentThenEveryPeriodInTheGroupsZone() {
    // 01:30 in Berlin is 00:30 UTC in November (CET, +01:00).
    group("billing", "01:30", "4h", "Europe/Berlin", true);
    Decision first = tickOne();
    assertThat(first.outcome()).isEqualTo(Outcome.INITIALISED);
    assertThat(first.moment()).isEqualTo(Instant.parse("2026-11-24T00:30:00Z"));
    assertThat(starter.started).isEmpty();

    clock.set("2026-11-24T00:29:59Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.NOT_DUE);
    clock.set("2026-11-24T00:30:00Z");
    Decision due = tickOne();
    assertThat(due.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(due.moment()).isEqualTo(Instant.parse("2026-11-24T00:30:00Z"));
    assertThat(tickOne().outcome()).as("a moment runs once").isEqualTo(Outcome.NOT_DUE);

    clock.set("2026-11-24T04:30:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);
    assertThat(starter.started).containsExactly("billing", "billing");
    assertThat(tickOne().moment()).isEqualTo(Instant.parse("2026-11-24T08:30:00Z"));
  }

  @ParameterizedTest(name = "down for {0}: one run, {1} moments coalesced")
  @CsvSource({"PT5H, 0", "PT9H, 1", "P3D, 17"})
  void missedMomentsAfterDowntimeRunOnceNotInABurst(Duration down, int missed) {
    group("catchup", "00:00", "4h", "UTC", true);
    tickOne(); // initialised at midnight; next moment 04:00
    clock.advance(down);
    Decision d = tickOne();
    assertThat(d.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(d.missed()).isEqualTo(missed);
    assertThat(starter.started).hasSize(1);
    assertThat(tickOne().outcome()).isEqualTo(Outcome.NOT_DUE);
    assertThat(starter.started).hasSize(1);
  }

  @Test
  void aRunningGroupIsDeferredThenRunsOnceWhenItEnds() {
    group("slow", "00:00", "1h", "UTC", true);
    tickOne();
    clock.set("2026-11-24T01:00:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);
    starter.running.add("slow");
    clock.set("2026-11-24T02:00:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.DEFERRED);
    clock.set("2026-11-24T03:30:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.DEFERRED);
    starter.running.remove("slow");
    Decision d = tickOne();
    assertThat(d.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(d.moment()).isEqualTo(Instant.parse("2026-11-24T03:00:00Z"));
    assertThat(d.missed()).isEqualTo(1);
    assertThat(starter.started).hasSize(2);
  }

  @Test
  void disabledGroupsLetTheirMomentsPassAndDoNotCatchUpWhenEnabled() {
    group("paused", "00:00", "1h", "UTC", false);
    tickOne();
    clock.set("2026-11-24T05:10:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.SKIPPED_DISABLED);
    group("paused", "00:00", "1h", "UTC", true);
    assertThat(tickOne().outcome()).as("no run for the time it was off").isEqualTo(Outcome.NOT_DUE);
    clock.set("2026-11-24T06:00:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);
    assertThat(starter.started).containsExactly("paused");
  }

  @Test
  void onlyTheLeaderActsAndOnlyForGroupsWhosePrimaryIsThisSite() {
    group("mine", "00:00", "1h", "UTC", true);
    group("theirs", "00:00", "1h", "UTC", true, "west");
    leader.set(false);
    assertThat(scheduler.tick()).isEmpty();
    leader.set(true);
    assertThat(scheduler.tick()).extracting(Decision::group).containsExactly(GroupName.of("mine"));
  }

  @Test
  void twoSchedulersThatBothBelieveTheyLeadStartAMomentOnce() {
    group("contested", "00:00", "1h", "UTC", true);
    tickOne();
    clock.set("2026-11-24T01:00:00Z");
    FakeStarter otherRuns = new FakeStarter(clock);
    List<Decision> otherDecisions = new ArrayList<>();
    List<Decision> firstDecisions = raceAgainst(scheduler(() -> true, otherRuns), otherDecisions).tick();
    assertThat(otherDecisions).extracting(Decision::outcome).containsExactly(Outcome.STARTED);
    assertThat(firstDecisions).extracting(Decision::outcome).containsExactly(Outcome.LOST_RACE);
    assertThat(starter.started).isEmpty();
    assertThat(otherRuns.started).containsExactly("contested");
  }

  @Test
  void aMomentThatCannotStartIsGivenBackAndRetried() {
    group("flaky", "00:00", "1h", "UTC", true);
    tickOne();
    clock.set("2026-11-24T01:00:00Z");
    starter.failNext = true;
    Decision failed = tickOne();
    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED_TO_START);
    assertThat(failed.detail()).contains("busy");
    Decision retried = tickOne();
    assertThat(retried.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(retried.moment()).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
  }

  @Test
  void dailyMomentKeepsItsWallClockTimeAcrossTheEndOfDaylightSaving() {
    // Berlin leaves summer time on 2026-10-25: 06:00 local is 04:00 UTC before, 05:00 UTC after, and that
    // 25-hour day still has exactly one moment.
    clock.set("2026-10-24T12:00:00Z");
    group("dst", "06:00", "1d", "Europe/Berlin", true);
    assertThat(tickOne().moment()).isEqualTo(Instant.parse("2026-10-25T05:00:00Z"));
    clock.set("2026-10-25T05:00:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);
    assertThat(tickOne().moment()).isEqualTo(Instant.parse("2026-10-26T05:00:00Z"));
    assertThat(starter.started).hasSize(1);
  }

  @Test
  void aFailedRunIsRetriedWithDoublingBackOffUntilTheAttemptsAreSpent() {
    group("fragile", "00:30", "4h", "UTC", true);
    tickOne();
    starter.outcomes.addAll(List.of(RunState.FAILED, RunState.FAILED, RunState.FAILED, RunState.FAILED));
    clock.set("2026-11-24T00:30:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED); // fails at 00:31

    clock.set("2026-11-24T00:35:59Z");
    Decision waiting = tickOne();
    assertThat(waiting.outcome()).isEqualTo(Outcome.NOT_DUE);
    assertThat(waiting.detail()).contains("retry 1 of 3").contains("2026-11-24T00:36:00Z");
    clock.set("2026-11-24T00:36:00Z");
    Decision first = tickOne();
    assertThat(first.outcome()).isEqualTo(Outcome.RETRIED); // fails at 00:37, next 10 minutes later
    assertThat(first.moment()).as("a retry of the 00:30 moment").isEqualTo(Instant.parse("2026-11-24T00:30:00Z"));
    assertThat(tickOne().outcome()).as("a retry starts once").isEqualTo(Outcome.NOT_DUE);
    clock.set("2026-11-24T00:46:59Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.NOT_DUE);
    clock.set("2026-11-24T00:47:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.RETRIED); // fails at 00:48, next 20 minutes later
    clock.set("2026-11-24T01:08:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.RETRIED); // fails at 01:09: the attempts are spent
    clock.set("2026-11-24T04:29:59Z");
    Decision spent = tickOne();
    assertThat(spent.outcome()).isEqualTo(Outcome.NOT_DUE);
    assertThat(spent.detail()).isNull();
    clock.set("2026-11-24T04:30:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);

    assertThat(starter.requestedBy).hasSize(5);
    assertThat(starter.requestedBy.get(0)).isEqualTo("scheduler");
    assertThat(starter.requestedBy.get(1)).matches("scheduler \\(retry 1 of 3 after r-20261124T003000000Z\\)");
    assertThat(starter.requestedBy.get(2)).matches("scheduler \\(retry 2 of 3 after r-20261124T003600000Z\\)");
    assertThat(starter.requestedBy.get(3)).startsWith("scheduler (retry 3 of 3 after ");
    assertThat(starter.requestedBy.get(4)).as("a new moment starts afresh").isEqualTo("scheduler");
  }

  @Test
  void aRetryThatSucceedsEndsTheRetries() {
    group("recovers", "00:30", "4h", "UTC", true);
    tickOne();
    starter.outcomes.addAll(List.of(RunState.FAILED, RunState.SUCCEEDED));
    clock.set("2026-11-24T00:30:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);
    clock.set("2026-11-24T00:36:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.RETRIED);
    clock.set("2026-11-24T03:00:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.NOT_DUE);
    assertThat(starter.started).hasSize(2);
  }

  @Test
  void noRetryWhenTheNextMomentComesFirstOrRetriesAreOff() {
    group("hourly", "00:00", "1h", "UTC", true);
    Scheduler slow = scheduler(leader::get, starter, new RetryPolicy(3, Duration.ofMinutes(59)));
    assertThat(slow.tick()).hasSize(1);
    starter.outcomes.addAll(List.of(RunState.FAILED, RunState.FAILED));
    clock.set("2026-11-24T01:00:00Z");
    assertThat(slow.tick()).extracting(Decision::outcome).containsExactly(Outcome.STARTED); // fails at 01:01
    clock.set("2026-11-24T01:59:59Z");
    assertThat(slow.tick()).extracting(Decision::outcome).as("01:01 + 59 min is the next moment")
        .containsExactly(Outcome.NOT_DUE);
    clock.set("2026-11-24T02:00:00Z");
    assertThat(slow.tick()).extracting(Decision::outcome).containsExactly(Outcome.STARTED); // fails at 02:01

    Scheduler off = scheduler(leader::get, starter, RetryPolicy.NONE);
    clock.set("2026-11-24T02:30:00Z");
    assertThat(off.tick()).extracting(Decision::outcome).containsExactly(Outcome.NOT_DUE);
    assertThat(starter.requestedBy).containsExactly("scheduler", "scheduler");
  }

  @Test
  void twoSchedulersThatBothBelieveTheyLeadStartARetryOnce() {
    group("contested", "00:30", "4h", "UTC", true);
    tickOne();
    starter.outcomes.add(RunState.FAILED);
    clock.set("2026-11-24T00:30:00Z");
    assertThat(tickOne().outcome()).isEqualTo(Outcome.STARTED);
    clock.set("2026-11-24T00:40:00Z");
    FakeStarter otherRuns = new FakeStarter(clock);
    List<Decision> otherDecisions = new ArrayList<>();
    assertThat(raceAgainst(scheduler(() -> true, otherRuns), otherDecisions).tick()).extracting(Decision::outcome)
        .containsExactly(Outcome.LOST_RACE);
    assertThat(otherDecisions).extracting(Decision::outcome).containsExactly(Outcome.RETRIED);
    assertThat(otherRuns.started).containsExactly("contested");
    assertThat(starter.started).containsExactly("contested");
  }

  @Test
  void retrySettingsAreValidatedNamingTheKey() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    assertThat(ServerConfiguration.retries(conf)).isEqualTo(RetryPolicy.defaults());
    conf.set(TandemProperties.SCHEDULER_RETRY_ATTEMPTS, "0");
    conf.set(TandemProperties.SCHEDULER_RETRY_BACKOFF, "90s");
    assertThat(ServerConfiguration.retries(conf)).isEqualTo(new RetryPolicy(0, Duration.ofSeconds(90)));
    for (String[] bad : new String[][] {{TandemProperties.SCHEDULER_RETRY_ATTEMPTS, "-1"},
        {TandemProperties.SCHEDULER_RETRY_ATTEMPTS, "often"}, {TandemProperties.SCHEDULER_RETRY_ATTEMPTS, "101"},
        {TandemProperties.SCHEDULER_RETRY_BACKOFF, "0"}, {TandemProperties.SCHEDULER_RETRY_BACKOFF, "soon"}}) {
      org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration(false);
      c.set(bad[0], bad[1]);
      assertThatThrownBy(() -> ServerConfiguration.retries(c)).as("%s=%s", bad[0], bad[1])
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(bad[0]));
    }
  }

  /**
   * Records starts; can be told that a group runs or that the next start fails. With outcomes queued, each start
   * records a run in the registry that ended a minute later in that state, as the run executor would.
   */
  static class FakeStarter implements Scheduler.RunStarter {
    final List<String> started = new ArrayList<>();
    final List<String> requestedBy = new ArrayList<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final java.util.ArrayDeque<RunState> outcomes = new java.util.ArrayDeque<>();
    private final Clock clock;
    boolean failNext;

    FakeStarter(Clock clock) {
      this.clock = clock;
    }

    @Override
    public void start(GroupName group, String by) {
      if (failNext) {
        failNext = false;
        throw new ConflictException("all run slots busy");
      }
      started.add(group.value());
      requestedBy.add(by);
      RunState state = outcomes.poll();
      if (state != null) {
        Instant at = clock.instant();
        registry.putRun(new Run(Run.newId(at), group, null, state, at, at.plusSeconds(60), List.of(),
            new RunReport(null, null, 0, 0, 0, 0, Duration.ZERO, null, List.of()),
            state == RunState.FAILED ? "injected" : null, by));
      }
    }

    @Override
    public boolean running(GroupName group) {
      return running.contains(group.value());
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(String instant) {
      now = Instant.parse(instant);
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
