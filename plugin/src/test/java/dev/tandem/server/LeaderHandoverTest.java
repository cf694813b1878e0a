package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunReport;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.scheduler.Scheduler.Decision;
import dev.tandem.server.scheduler.Scheduler.Outcome;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two servers of one site on one ZooKeeper: one schedules, and a handover neither loses nor repeats a moment. */
class LeaderHandoverTest extends SandboxTest {

  private static TandemServer server(String id, SchedulerTest.MutableClock clock) {
    return SandboxServer.builder(sandbox, 0).schedulerTick(null).healthInterval(null).scheduleClock(clock)
        .instanceId(id).build(true).start();
  }

  private static ProtectionGroup hourly(String name, String dir) throws Exception {
    Trees.write(primaryFs(), dir + "/x.csv", "x");
    List<DataSet> sets = List.of(HdfsDirectory.of(dir));
    return cp().putGroup(new ProtectionGroup(GroupName.of(name), pair(), sets, Schedule.parse("00:00", "1h", "UTC"),
        3, SnapshotEnablement.ENABLE_IF_MISSING, true));
  }

  private static List<Run> runsOf(String group) {
    return primaryRegistry().runs(GroupName.of(group), 50);
  }

  private static void awaitFinished(String group, int count) {
    ServerTest.await(count + " finished run(s) of " + group, () -> runsOf(group).size() == count
        && runsOf(group).stream().allMatch(r -> r.state().finished()));
  }

  @Test
  void leaderHandsOverWithoutDuplicateRuns() throws Exception {
    hourly("handover", "/leader/a");
    SchedulerTest.MutableClock clock = new SchedulerTest.MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
    TandemServer a = server("server-a", clock);
    TandemServer b = server("server-b", clock);
    try {
      ServerTest.await("one of the two servers leads", () -> a.isLeader() ^ b.isLeader());
      TandemServer leader = a.isLeader() ? a : b;
      TandemServer follower = leader == a ? b : a;
      assertThat(leader.scheduler().tick()).extracting(Decision::outcome).containsExactly(Outcome.INITIALISED);

      clock.set("2026-11-24T01:00:00Z");
      assertThat(follower.scheduler().tick()).as("a follower does nothing").isEmpty();
      assertThat(leader.scheduler().tick()).extracting(Decision::outcome).containsExactly(Outcome.STARTED);
      awaitFinished("handover", 1);

      leader.close();
      ServerTest.await("the follower takes over", follower::isLeader);
      assertThat(follower.scheduler().tick()).as("the moment the old leader ran is not run again")
          .extracting(Decision::outcome).containsExactly(Outcome.NOT_DUE);
      clock.set("2026-11-24T02:00:00Z");
      assertThat(follower.scheduler().tick()).extracting(Decision::outcome).containsExactly(Outcome.STARTED);
      awaitFinished("handover", 2);
      assertThat(runsOf("handover")).extracting(Run::state).containsOnly(RunState.SUCCEEDED);
      // Each scheduled start is in the site's audit log, as ZooKeeper holds it, naming the run it started.
      List<String> started = AuditEntries.inZooKeeper(sandbox.primary().zkConnect()).stream()
          .filter(e -> e.path("action").asText().equals("scheduler.run") && e.path("group").asText().equals("handover"))
          .peek(e -> assertThat(e.path("via").asText()).isEqualTo("scheduler"))
          .peek(e -> assertThat(e.path("success").asBoolean()).as(e.toString()).isTrue())
          .map(e -> e.path("parameters").path("run").asText()).sorted().toList();
      assertThat(started).isEqualTo(runsOf("handover").stream().map(Run::id).sorted().toList());
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void runsLeftRunningByAStoppedServerAreMarkedInterruptedAtStart() throws Exception {
    ProtectionGroup g = hourly("crashed", "/leader/crashed");
    Instant old = Instant.now().minus(Duration.ofMinutes(10));
    Instant young = Instant.now();
    RunReport empty = new RunReport(dev.tandem.model.CopyMode.FULL, dev.tandem.model.CopyMethod.NONE, 0, 0, 0, 0,
        Duration.ZERO, null, List.of());
    Run stale = new Run(Run.newId(old), g.name(), null, RunState.RUNNING, old, null, List.of(), empty, null, "scheduler");
    Run fresh = new Run(Run.newId(young), g.name(), null, RunState.RUNNING, young, null, List.of(), empty, null, "scheduler");
    primaryRegistry().putRun(stale);
    primaryRegistry().putRun(fresh);

    try (TandemServer restarted = server("server-c", new SchedulerTest.MutableClock(Instant.now()))) {
      Run repaired = primaryRegistry().run(g.name(), stale.id()).orElseThrow();
      assertThat(repaired.state()).isEqualTo(RunState.FAILED);
      assertThat(repaired.error()).startsWith("Interrupted");
      assertThat(repaired.endedAt()).isNotNull();
      assertThat(primaryRegistry().run(g.name(), fresh.id()).orElseThrow().state())
          .as("a young record may belong to a run that has not reached its lock yet").isEqualTo(RunState.RUNNING);
      assertThat(new Http(restarted.uri()).get("/api/v1/groups/crashed/runs/" + stale.id()).json()
          .path("state").asText()).isEqualTo("FAILED");
    }
  }
}
