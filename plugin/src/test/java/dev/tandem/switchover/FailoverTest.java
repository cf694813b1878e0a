package dev.tandem.switchover;

import static dev.tandem.testing.Trees.append;
import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.client.ActiveSiteClient;
import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.testing.ArbitratedSandboxTest;
import dev.tandem.testing.FailingInterceptor.When;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The disaster, in order, on two real sites: the primary is killed (its server, NameNode and ZooKeeper) while the
 * secondary holds half of an uncommitted run; the arbiter promotes the secondary, which rolls back to the last good
 * cut; the old primary returns and demotes itself; failback replicates in reverse from the last common cut, copying
 * only the diff; and a planned switchover goes back without losing anything. A poller checks, every 10 ms
 * throughout, that no two sites are ever active.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest extends ArbitratedSandboxTest {
  private static final String G = "orders";
  private static final String ROOT = "/fo/orders";
  private static Run lastGood;
  private static Map<String, String> lastGoodContent;

  @AfterAll
  static void nobodyWasEverActiveTwice() {
    assertNeverTwoActives();
  }

  @Test
  @Order(1)
  void theSecondaryTakesOverWithinTheGracePeriodAndServesTheLastGoodCut() throws Exception {
    Random random = new Random(8);
    for (int i = 0; i < 40; i++) {
      byte[] data = new byte[64 * 1024];
      random.nextBytes(data);
      write(primaryFs(), ROOT + "/part-" + (i % 4) + "/file-" + i + ".bin", data);
    }
    write(primaryFs(), ROOT + "/ledger.csv", "id,amount\n1,10\n");
    cp().putGroup(group(G, 5, ROOT));
    runOk(G);
    append(primaryFs(), ROOT + "/ledger.csv", "2,20\n");
    write(primaryFs(), ROOT + "/part-0/new.txt", "new");
    lastGood = runOk(G);
    lastGoodContent = Trees.describe(primaryFs(), ROOT + "/.snapshot/" + lastGood.cut().snapshotName(lastGood.group()));

    // Written after the last good cut: a failover loses these, and the old primary keeps them.
    append(primaryFs(), ROOT + "/ledger.csv", "3,30\n");
    write(primaryFs(), ROOT + "/late.txt", "written after the last good cut");
    // A run that copied to the secondary and then died: the secondary holds half of a cut that never committed.
    FAILURES.failNext(RunStep.REPLICATE, When.AFTER, 1);
    Run torn = cp().runNow(GroupName.of(G));
    FAILURES.disarm();
    assertThat(torn.state()).isEqualTo(RunState.FAILED);
    assertThat(secondaryFs().exists(new Path(ROOT + "/late.txt"))).isTrue();

    // The primary dies: its server, its NameNode and its ZooKeeper.
    east.close();
    sandbox.primary().stopNameNode();
    sandbox.primary().zookeeper().stop();
    Duration took = Waits.until(GRACE.plusSeconds(15), () -> west.agent().role() == Role.ACTIVE,
        ArbitratedSandboxTest::roles);
    assertThat(took).as("failover time with a grace period of %s", GRACE).isLessThan(GRACE.plusSeconds(6));

    assertThat(Trees.describe(secondaryFs(), ROOT)).as("west's data is the last good cut")
        .isEqualTo(lastGoodContent);
    SwitchReport report = ops.state(PAIR).reports().get(0);
    assertThat(report.kind()).isEqualTo(Epoch.Transition.FAILOVER);
    assertThat(report.to()).isEqualTo(WEST);
    assertThat(report.rto()).isPositive().isLessThan(took.plusSeconds(GRACE.getSeconds() + 3));
    SwitchReport.GroupOutcome group = report.groups().get(0);
    assertThat(group.cut()).isEqualTo(lastGood.cut().value());
    assertThat(group.dataLoss()).isPositive();
    assertThat(group.keptAs()).hasSize(1);
    assertThat(report.notes()).anySatisfy(n -> assertThat(n)
        .startsWith("User data of group " + G + " at cut " + lastGood.cut() + ": ").doesNotContain("NOT applied"));
    assertThat(Trees.read(secondaryFs(), group.keptAs().get(0) + "/late.txt"))
        .isEqualTo("written after the last good cut");

    // Writable for the applications, and the client library says so.
    write(secondaryFs(), ROOT + "/after-failover.txt", "written on west after the failover");
    try (ActiveSiteClient client = ActiveSiteClient.over(PAIR, List.of(store(EAST), store(WEST)))) {
      client.start();
      assertThat(client.awaitWritable(WEST, Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  @Order(2)
  void theOldPrimaryReturningDemotesItselfAndRunsFromItAreRefused() throws Exception {
    sandbox.primary().zookeeper().restart();
    sandbox.primary().restartNameNode();
    east = startSite(EAST);
    Waits.until(Duration.ofSeconds(30), () -> east.agent().role() == Role.STANDBY
        && east.agent().epoch().filter(e -> e.number() == 2).isPresent(), ArbitratedSandboxTest::roles);
    Waits.until(Duration.ofSeconds(10), () -> primaryRegistry().pairs().equals(List.of(new ClusterPair(WEST, EAST))),
        () -> "east's registry still names " + primaryRegistry().pairs());
    assertThat(primaryRegistry().group(GroupName.of(G)).orElseThrow().pair()).isEqualTo(new ClusterPair(WEST, EAST));

    // A control plane at east guarded by the epoch: the pair is not protected, so nothing replicates.
    ControlPlane guarded = new ControlPlane(primaryRegistry(), sandbox.connections(), Clock.systemUTC(),
        RunOptions.defaults(), east.guard(primaryRegistry(), FAILURES), RunListener.NONE);
    Run refused = guarded.runNow(GroupName.of(G));
    assertThat(refused.state()).isEqualTo(RunState.FAILED);
    assertThat(refused.error()).contains("refused").contains("reprotect");
    assertThat(primaryFs().exists(new Path(ROOT + "/late.txt"))).as("east keeps its divergent change").isTrue();
  }

  @Test
  @Order(3)
  void failbackCopiesOnlyTheDiffAndKeepsTheOldPrimarysDivergentChanges() throws Exception {
    ReprotectReport r = ops.failback(PAIR, false);
    assertThat(r.source()).isEqualTo(WEST);
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("last common cut " + lastGood.cut()));
    SwitchReport.GroupOutcome g = r.groups().get(0);
    assertThat(g.bytesTotal()).isGreaterThan(40L * 64 * 1024);
    assertThat(g.bytesCopied()).as("bytes copied by failback").isPositive().isLessThan(g.bytesTotal() / 50);
    assertThat(g.keptAs()).hasSize(1);
    assertThat(Trees.read(primaryFs(), g.keptAs().get(0) + "/late.txt")).isEqualTo("written after the last good cut");
    assertThat(Trees.read(primaryFs(), g.keptAs().get(0) + "/ledger.csv")).endsWith("3,30\n");

    String newCut = dev.tandem.model.CutId.snapshotPrefix(GroupName.of(G)) + g.cut();
    Map<String, String> westCut = Trees.describe(secondaryFs(), ROOT + "/.snapshot/" + newCut);
    assertThat(Trees.describe(primaryFs(), ROOT)).isEqualTo(westCut);
    assertThat(primaryFs().exists(new Path(ROOT + "/late.txt"))).isFalse();
    assertThat(Trees.read(primaryFs(), ROOT + "/after-failover.txt")).isEqualTo("written on west after the failover");
    assertThat(ops.state(PAIR).epoch().orElseThrow().protection()).isEqualTo(Epoch.Protection.PROTECTED);
  }

  @Test
  @Order(4)
  void aPlannedSwitchoverBackLosesNothing() throws Exception {
    write(secondaryFs(), ROOT + "/before-switch-back.txt", "written on west before the switch back");
    SwitchReport back = ops.switchover(PAIR);
    assertThat(back.kind()).isEqualTo(Epoch.Transition.SWITCHOVER);
    assertThat(back.to()).isEqualTo(EAST);
    assertThat(back.groups().get(0).dataLoss()).isZero();
    Waits.until(Duration.ofSeconds(10), () -> east.agent().role() == Role.ACTIVE
        && west.agent().role() == Role.STANDBY, ArbitratedSandboxTest::roles);
    assertThat(Trees.read(primaryFs(), ROOT + "/before-switch-back.txt"))
        .isEqualTo("written on west before the switch back");
    assertThat(Trees.describe(primaryFs(), ROOT)).isEqualTo(Trees.describe(secondaryFs(), ROOT));
    // Runs go east → west again.
    write(primaryFs(), ROOT + "/after-switch-back.txt", "x");
    Run again = cp().runNow(GroupName.of(G));
    assertThat(again.state()).as("run %s", again.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(Trees.read(secondaryFs(), ROOT + "/after-switch-back.txt")).isEqualTo("x");
  }
}
