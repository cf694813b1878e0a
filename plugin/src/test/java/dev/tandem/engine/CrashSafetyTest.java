package dev.tandem.engine;

import static dev.tandem.testing.Trees.append;
import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.testing.FailingInterceptor.When;
import dev.tandem.testing.SandboxTest;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step of an incremental run fails once, before or right after its side effects; the last good cut
 * must stay where it was (or have moved completely), and the next run must converge.
 */
class CrashSafetyTest extends SandboxTest {

  @AfterEach
  void disarm() {
    FAILURES.disarm();
    sandbox.connections().directCopyLimits(DirectCopyLimits.DEFAULT);
  }

  static Stream<Arguments> everyStepBothSides() {
    return Arrays.stream(RunStep.values())
        .flatMap(step -> Stream.of(Arguments.of(step, When.BEFORE), Arguments.of(step, When.AFTER)));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("everyStepBothSides")
  void incrementalRunFailingAtAnyStepLeavesTheLastGoodCutAndTheNextRunConverges(RunStep step, When when)
      throws Exception {
    String name = ("crash-" + step + "-" + when).toLowerCase(Locale.ROOT).replace('_', '-');
    String root = "/" + name;
    write(primaryFs(), root + "/keep", "k");
    write(primaryFs(), root + "/change", "1");
    write(primaryFs(), root + "/gone", "g");
    cp().putGroup(group(name, 3, root));
    Run first = runOk(name);

    append(primaryFs(), root + "/change", "2");
    write(primaryFs(), root + "/dir/new", "n");
    primaryFs().delete(new Path(root + "/gone"), false);
    FAILURES.failNext(step, when, 1);
    Run failed = cp().runNow(GroupName.of(name));

    boolean committed = step.compareTo(RunStep.COMMIT) > 0 || (step == RunStep.COMMIT && when == When.AFTER);
    boolean housekeeping = step == RunStep.RETAIN;
    assertThat(failed.state()).isEqualTo(housekeeping ? RunState.SUCCEEDED : RunState.FAILED);
    if (!housekeeping) {
      assertThat(failed.error()).contains("injected crash");
      assertThat(failed.steps().get(failed.steps().size() - 1).ok()).isFalse();
    }
    var expected = committed ? failed.cut() : first.cut();
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of(name))).contains(expected);
    assertThat(primaryRegistry().lastGoodCut(GroupName.of(name))).contains(expected);
    // The committed cut on the secondary is whole whatever happened after it.
    assertReplicatedSnapshot(root, committed ? failed : first);

    Run next = runOk(name);
    assertReplicated(root, next);
    boolean secondaryTouched = !committed && (step.compareTo(RunStep.REPLICATE) > 0
        || (step == RunStep.REPLICATE && when == When.AFTER));
    if (secondaryTouched) {
      assertThat(next.report().notes()).anySatisfy(n -> assertThat(n).contains("Rolled back"));
    } else {
      assertThat(next.report().notes()).noneSatisfy(n -> assertThat(n).contains("Rolled back"));
    }
    assertThat(secondaryFs().exists(new Path(root + "/gone"))).isFalse();
    assertThat(dev.tandem.testing.Trees.read(secondaryFs(), root + "/change")).isEqualTo("12");
  }

  @ParameterizedTest(name = "first run fails {1} {0}, copying by {2}")
  @MethodSource("firstRunSteps")
  void firstRunFailingLeavesNoCutAndTheNextRunCopiesEverything(RunStep step, When when, CopyMethod method)
      throws Exception {
    sandbox.connections().directCopyLimits(method == CopyMethod.DIRECT ? DirectCopyLimits.ALWAYS
        : DirectCopyLimits.NEVER);
    String name = ("first-" + step + "-" + when + "-" + method).toLowerCase(Locale.ROOT).replace('_', '-');
    String root = "/" + name;
    write(primaryFs(), root + "/a", "a");
    write(primaryFs(), root + "/b/c", "c");
    cp().putGroup(group(name, 3, root));
    FAILURES.failNext(step, when, 1);
    Run failed = cp().runNow(GroupName.of(name));
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of(name))).isEmpty();

    // a half-filled secondary, as a crash in the middle of the first copy leaves it
    if (secondaryFs().exists(new Path(root))) {
      write(secondaryFs(), root + "/a", "torn");
      write(secondaryFs(), root + "/stray", "left by the crash");
    }
    Run next = runOk(name);
    assertReplicated(root, next);
    assertThat(ReplicationTest.snapshotNames(primaryFs(), root)).containsExactly(next.cut().snapshotName(next.group()));
    assertThat(ReplicationTest.snapshotNames(secondaryFs(), root)).containsExactly(next.cut().snapshotName(next.group()));
  }

  static Stream<Arguments> firstRunSteps() {
    return Stream.of(RunStep.CUT, RunStep.REPLICATE, RunStep.SEAL, RunStep.VERIFY)
        .flatMap(step -> Stream.of(CopyMethod.DIRECT, CopyMethod.DISTCP).map(m -> Arguments.of(step, When.AFTER, m)));
  }

  private static void assertReplicatedSnapshot(String root, Run run) throws Exception {
    String snap = root + "/.snapshot/" + run.cut().snapshotName(run.group());
    assertThat(dev.tandem.testing.Trees.describe(secondaryFs(), snap))
        .isEqualTo(dev.tandem.testing.Trees.describe(primaryFs(), snap));
  }
}
