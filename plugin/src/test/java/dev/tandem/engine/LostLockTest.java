package dev.tandem.engine;

import static dev.tandem.testing.Trees.append;
import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.model.StepTiming;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Sessions;
import dev.tandem.testing.Trees;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run whose ZooKeeper session expires (the primary registry's, where the run lock lives) while it runs: it stops
 * before committing, the last good cut stays where it was in both registries, and the next run converges. The
 * session is ended on the server, as ZooKeeper does when it stops hearing from a client, so its lock node is gone
 * and another run can take the lock at once.
 */
class LostLockTest extends SandboxTest {

  @AfterEach
  void disarm() {
    FAILURES.disarm();
  }

  @ParameterizedTest(name = "session expires after {0}")
  @EnumSource(value = RunStep.class, names = {"CUT", "REPLICATE", "VERIFY", "USER_DATA"})
  void aRunThatLosesItsSessionDoesNotCommitAndTheNextRunRecovers(RunStep step) throws Exception {
    String name = ("lost-lock-" + step).toLowerCase(Locale.ROOT).replace('_', '-');
    String root = "/" + name;
    Run first = firstCutThenChange(name, root);

    AtomicLong expired = new AtomicLong();
    FAILURES.actOnceAfter(step, () -> expired.set(expire()));
    Run failed = cp().runNow(GroupName.of(name));

    assertLostLock(failed, name, expired.get());
    StepTiming last = failed.steps().get(failed.steps().size() - 1);
    assertThat(last.ok()).isFalse();
    assertThat(last.step()).isGreaterThan(step).isLessThanOrEqualTo(RunStep.COMMIT);
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of(name))).contains(first.cut());
    assertThat(primaryRegistry().lastGoodCut(GroupName.of(name))).contains(first.cut());
    assertCutOnSecondary(root, first);

    Run next = runOk(name);
    assertReplicated(root, next);
    assertThat(Trees.read(secondaryFs(), root + "/change")).isEqualTo("12");
    assertThat(secondaryFs().exists(new Path(root + "/gone"))).isFalse();
  }

  /**
   * The session expires right before COMMIT and, while the first run is held there, another run (as another server
   * would) takes the lock, repairs what the first one left and commits. The first run must then not commit: the
   * group has exactly the other run's cut, once.
   */
  @Test
  void whenAnotherRunTookTheLostLockOnlyThatRunCommits() throws Exception {
    String name = "lost-lock-taken";
    String root = "/" + name;
    Run first = firstCutThenChange(name, root);

    AtomicLong expired = new AtomicLong();
    AtomicReference<Run> other = new AtomicReference<>();
    FAILURES.actOnceAfter(RunStep.USER_DATA, () -> {
      expired.set(expire());
      try {
        other.set(CompletableFuture.supplyAsync(() -> cp().runNow(GroupName.of(name))).get(120, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Run failed = cp().runNow(GroupName.of(name));

    assertThat(other.get().state()).as("the other run: %s", other.get().error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(other.get().cut()).isNotEqualTo(failed.cut()).isNotEqualTo(first.cut());
    assertLostLock(failed, name, expired.get());
    assertThat(failed.steps().get(failed.steps().size() - 1).step()).isEqualTo(RunStep.COMMIT);
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of(name))).contains(other.get().cut());
    assertThat(primaryRegistry().lastGoodCut(GroupName.of(name))).contains(other.get().cut());
    assertThat(secondaryRegistry().cut(GroupName.of(name), failed.cut())).isEmpty();
    assertReplicated(root, other.get());

    Run next = runOk(name);
    assertReplicated(root, next);
  }

  private static Run firstCutThenChange(String name, String root) throws Exception {
    write(primaryFs(), root + "/keep", "k");
    write(primaryFs(), root + "/change", "1");
    write(primaryFs(), root + "/gone", "g");
    cp().putGroup(group(name, 3, root));
    Run first = runOk(name);
    append(primaryFs(), root + "/change", "2");
    write(primaryFs(), root + "/dir/new", "n");
    primaryFs().delete(new Path(root + "/gone"), false);
    return first;
  }

  /** Ends the session of the primary registry's client, the one the run lock was taken with. */
  private static long expire() {
    CuratorFramework client = ((ZkRegistry) primaryRegistry()).client();
    try {
      return Sessions.expire(client);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertLostLock(Run failed, String name, long session) {
    assertThat(session).isNotZero();
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.error()).startsWith("Lost the run lock of group " + name + ": ZooKeeper session 0x"
        + Long.toHexString(session));
  }

  private static void assertCutOnSecondary(String root, Run run) throws Exception {
    String snap = root + "/.snapshot/" + run.cut().snapshotName(run.group());
    assertThat(Trees.describe(secondaryFs(), snap)).isNotEmpty().isEqualTo(Trees.describe(primaryFs(), snap));
  }
}
