package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.ZkRegistry;
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
class SchedulerTest {
  private static TestingServer zk;
  private static ZkRegistry registry;
  private static int seq;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
  private final AtomicBoolean leader = new AtomicBoolean(true);
  private final FakeStarter starter = new FakeStarter();
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
    return new Scheduler(registry, SiteId.of("east"), new ZkScheduleStore(registry.client(), new RegistryPaths(root)),
        leadership, runs, clock);
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
    FakeStarter otherRuns = new FakeStarter();
    Scheduler other = scheduler(() -> true, otherRuns);
    List<Decision> otherDecisions = new ArrayList<>();
    // This scheduler asks whether it leads at the start of its tick and again just before it claims the moment;
    // the other scheduler's whole tick runs in between, after both have read the same mark.
    int[] asked = {0};
    Scheduler first = scheduler(() -> {
      if (++asked[0] == 2) {
        otherDecisions.addAll(other.tick());
      }
      return true;
    }, starter);
    List<Decision> firstDecisions = first.tick();
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

  /** Records starts; can be told that a group runs or that the next start fails. */
  static class FakeStarter implements Scheduler.RunStarter {
    final List<String> started = new ArrayList<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    boolean failNext;

    @Override
    public void start(GroupName group) {
      if (failNext) {
        failNext = false;
        throw new ConflictException("all run slots busy");
      }
      started.add(group.value());
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
