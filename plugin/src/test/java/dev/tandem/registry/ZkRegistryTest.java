package dev.tandem.registry;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.GroupLock;
import dev.tandem.engine.WriterFence;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunReport;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry against a real ZooKeeper (Curator's TestingServer), two clients as two servers would be. */
@RealComponents
class ZkRegistryTest {
  private static final GroupName G = GroupName.of("billing");
  private TestingServer zk;
  private ZkRegistry one;
  private ZkRegistry two;

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    one = ZkRegistry.connect(zk.getConnectString(), "/tandem", "one");
    two = ZkRegistry.connect(zk.getConnectString(), "/tandem", "two");
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    two.close();
    zk.close();
  }

  @Test
  void groupsRoundTripWithEveryKindOfDataSet() {
    ProtectionGroup g = new ProtectionGroup(G, new ClusterPair(SiteId.of("east"), SiteId.of("west")),
        List.of(HdfsDirectory.of("/data/billing"), new HiveDatabase("sales"), new HiveTable("crm", "customers")),
        Schedule.parse("01:30", "4h", "Europe/Paris"), 7, SnapshotEnablement.ENABLE_IF_MISSING, true);
    one.putGroup(g);
    assertThat(two.group(G)).contains(g);
    assertThat(two.groups()).containsExactly(g);
    one.deleteGroup(G);
    assertThat(two.group(G)).isEmpty();
  }

  @Test
  void lastGoodCutMovesOnlyFromTheExpectedValue() {
    CutId c1 = CutId.at(Instant.parse("2026-11-24T01:30:00Z"));
    CutId c2 = CutId.at(Instant.parse("2026-11-24T05:30:00Z"));
    one.moveLastGoodCut(G, Optional.empty(), c1);
    one.moveLastGoodCut(G, Optional.empty(), c1); // a retried commit that already landed
    assertThatThrownBy(() -> two.moveLastGoodCut(G, Optional.empty(), c2))
        .isInstanceOf(ConflictException.class).hasMessageContaining("expected none");
    two.moveLastGoodCut(G, Optional.of(c1), c2);
    assertThat(one.lastGoodCut(G)).contains(c2);
    assertThatThrownBy(() -> one.moveLastGoodCut(G, Optional.of(c1), c1)).isInstanceOf(ConflictException.class);
  }

  /**
   * Two servers (two clients, four threads each) commit different cuts of one group from the same last good cut,
   * at once: the move is a compare-and-swap on the znode, so exactly one commit lands and every other one is told
   * it lost. Both the first commit (the node is created) and a later one (its version is compared) are raced.
   */
  @Test
  void ofConcurrentCommitsFromTheSameLastGoodCutExactlyOneLands() throws Exception {
    CutId base = CutId.at(Instant.parse("2026-11-24T01:30:00Z"));
    for (Optional<CutId> from : List.of(Optional.<CutId>empty(), Optional.of(base))) {
      if (from.isPresent()) {
        one.moveLastGoodCut(G, Optional.empty(), base);
      }
      List<CutId> candidates = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        candidates.add(CutId.at(Instant.parse("2026-11-24T05:30:00Z").plusMillis(i)));
      }
      CyclicBarrier start = new CyclicBarrier(candidates.size());
      List<CompletableFuture<Boolean>> commits = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(candidates.size());
      try {
        for (int i = 0; i < candidates.size(); i++) {
          ZkRegistry server = i % 2 == 0 ? one : two;
          CutId next = candidates.get(i);
          commits.add(CompletableFuture.supplyAsync(() -> {
            try {
              start.await(10, TimeUnit.SECONDS);
              server.moveLastGoodCut(G, from, next);
              return true;
            } catch (ConflictException e) {
              return false;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }, pool));
        }
        List<CutId> landed = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
          if (commits.get(i).get(30, TimeUnit.SECONDS)) {
            landed.add(candidates.get(i));
          }
        }
        assertThat(landed).as("commits from %s", from).hasSize(1);
        assertThat(one.lastGoodCut(G)).contains(landed.get(0));
        assertThat(two.lastGoodCut(G)).contains(landed.get(0));
      } finally {
        pool.shutdownNow();
      }
      one.client().delete().forPath(one.paths().lastGoodCut(G));
    }
  }

  @Test
  void onlyOneHolderOfTheRunLock() {
    GroupLock.Held held = one.lock(G).acquire(Duration.ofSeconds(1));
    assertThatThrownBy(() -> two.lock(G).acquire(Duration.ofMillis(200)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("Another run of group billing");
    held.close();
    held.close();
    try (GroupLock.Held again = two.lock(G).acquire(Duration.ofSeconds(1))) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void theFenceWaitsForInFlightWritesAndHoldsNewOnes() throws Exception {
    WriterFence.Write inFlight = two.writers(G).begin(Duration.ofSeconds(1));
    assertThatThrownBy(() -> one.fence(G).raise(Duration.ofMillis(200)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("did not finish");
    // the failed raise lowered the fence again: new writes are not held
    two.writers(G).begin(Duration.ofMillis(100)).close();

    // Set before the close: the raise may return as soon as the write's znode is gone, before the task that closed
    // it is marked done.
    java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> {
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closing.set(true);
      inFlight.close();
    });
    try (WriterFence.Raised raised = one.fence(G).raise(Duration.ofSeconds(5))) {
      assertThat(closing).as("the raise waited for the in-flight write").isTrue();
      assertThat(finishing).succeedsWithin(Duration.ofSeconds(5));
      assertThatThrownBy(() -> two.writers(G).begin(Duration.ofMillis(100)))
          .isInstanceOf(ConflictException.class).hasMessageContaining("fenced");
      CompletableFuture<WriterFence.Write> waiting =
          CompletableFuture.supplyAsync(() -> two.writers(G).begin(Duration.ofSeconds(5)));
      assertThat(waiting).isNotDone();
      raised.close();
      waiting.get(5, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aFenceDiesWithItsSession() throws Exception {
    one.fence(G).raise(Duration.ofSeconds(1));
    assertThatThrownBy(() -> two.writers(G).begin(Duration.ofMillis(100))).isInstanceOf(ConflictException.class);
    one.close();
    two.writers(G).begin(Duration.ofSeconds(20)).close();
  }

  @Test
  void runHistoryIsCapped() {
    for (int i = 0; i < 55; i++) {
      Instant t = Instant.parse("2026-11-24T00:00:00Z").plusSeconds(i);
      one.putRun(new Run(Run.newId(t), G, null, RunState.SUCCEEDED, t, t, List.of(),
          new RunReport(null, null, 0, 0, 0, 0, Duration.ZERO, null, List.of()), null, "ada"));
    }
    List<Run> runs = two.runs(G, 100);
    assertThat(runs).hasSize(50);
    assertThat(runs.get(0).id()).isEqualTo(Run.newId(Instant.parse("2026-11-24T00:00:54Z")));
  }

  @Test
  void scrubProgressRoundTripsAndARunRecordedBeforeTheScrubStillReads() throws Exception {
    assertThat(two.scrubProgress(G)).isEqualTo(dev.tandem.model.ScrubProgress.NONE);
    Instant t = Instant.parse("2026-11-24T00:00:00Z");
    var progress = new dev.tandem.model.ScrubProgress(java.util.Map.of("/data/billing",
        new dev.tandem.model.SweepProgress("events/2026/f-000123", t, 124, t.minusSeconds(86_400)), "/data/other",
        dev.tandem.model.SweepProgress.startingAt(t, null)), new dev.tandem.model.SweepProgress("shop.items", t, 3,
        null));
    one.putScrubProgress(G, progress);
    assertThat(two.scrubProgress(G)).isEqualTo(progress);
    // As a server without the Hive tables' sweep wrote it.
    one.client().setData().forPath(one.paths().scrub(G), ("{\"roots\":{\"/data/billing\":{\"cursor\":\"a\","
        + "\"passStartedAt\":\"2026-11-24T00:00:00Z\",\"compared\":1}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(two.scrubProgress(G).tables()).isNull();
    assertThat(two.scrubProgress(G).roots().get("/data/billing").cursor()).isEqualTo("a");

    // A run record as an older server wrote it: no "scrub" in its report.
    String id = Run.newId(t);
    String old = "{\"id\":\"" + id + "\",\"group\":{\"value\":\"billing\"},\"state\":\"SUCCEEDED\","
        + "\"startedAt\":\"2026-11-24T00:00:00Z\",\"endedAt\":\"2026-11-24T00:00:01Z\",\"steps\":[],"
        + "\"report\":{\"mode\":\"INCREMENTAL\",\"method\":\"DIRECT\",\"filesCopied\":3,\"bytesCopied\":9,"
        + "\"pathsDeleted\":0,\"pathsRenamed\":0,\"consistencyWindow\":\"PT0.1S\",\"notes\":[]}}";
    one.client().create().creatingParentsIfNeeded().forPath(one.paths().run(G, id),
        old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Run read = two.run(G, id).orElseThrow();
    assertThat(read.report().filesCopied()).isEqualTo(3);
    assertThat(read.report().scrub()).isEqualTo(dev.tandem.model.ScrubReport.NONE);
  }
}
