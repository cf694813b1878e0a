package dev.tandem.engine;

import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.ScrubProgress;
import dev.tandem.testing.HiddenCorruption;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The continuous verification on two real MiniDFSClusters: the secondary is corrupted behind Tandem's back in a way
 * no snapshot diff shows (its sealed snapshot of the last good cut is taken again over the corrupted tree), and the
 * scrub must find and repair it within the runs the interval implies (24 h / 4 h = 6).
 */
class ScrubTest extends SandboxTest {
  private static final int RUNS_PER_INTERVAL = 6;

  /**
   * <pre>
   * /scrub/d   f0 … f5, 1 KiB each
   * secondary: f3 rewritten with other bytes of the same length, its mtime restored; f3x added;
   *            then its snapshot of the last good cut deleted and taken again, so no diff shows either
   * </pre>
   */
  @Test
  void aDifferenceNoDiffShowsIsFoundWithinTheIntervalRepairedAndVerified() throws Exception {
    String root = "/scrub/d";
    int files = 6;
    for (int i = 0; i < files; i++) {
      write(primaryFs(), root + "/f" + i, ("file " + i + " ").repeat(200).substring(0, 1024));
    }
    cp().putGroup(group("scrub", 3, root));
    Run full = runOk("scrub");
    assertThat(full.report().scrub().wholeTree()).isTrue();
    assertThat(primaryRegistry().scrubProgress(GroupName.of("scrub")).roots()).containsKey(root);

    corruptBehindTandemsBack(root, full);
    assertThat(Trees.read(secondaryFs(), root + "/f3")).isNotEqualTo(Trees.read(primaryFs(), root + "/f3"));

    List<Run> runs = new ArrayList<>();
    long compared = 0;
    for (int i = 0; i < RUNS_PER_INTERVAL; i++) {
      Run run = runOk("scrub");
      runs.add(run);
      compared += run.report().scrub().filesCompared();
      // nothing changed on the primary: whatever was copied or deleted is the scrub's repair
      assertThat(run.report().filesCopied() + run.report().pathsDeleted()).isEqualTo(run.report().scrub().filesDiffered());
    }
    assertThat(compared).as("every file compared within the interval's runs").isGreaterThanOrEqualTo(files);
    Run content = found(runs, "/scrub/d/f3: ");
    assertThat(content.report().scrub().differences()).containsExactly("/scrub/d/f3: checksum");
    assertThat(content.report().notes()).anyMatch(n -> n.startsWith(
        "scrub: 1 file(s) differed from the primary and were copied again: /scrub/d/f3: checksum"));
    assertThat(content.report().verification().checksumsCompared()).as("the repaired file is verified").isEqualTo(1);
    Run extra = found(runs, "/scrub/d/f3x: extra on secondary");
    assertThat(extra.report().notes()).anyMatch(n -> n.contains("/scrub/d/f3x: extra on secondary"));
    assertThat(runs.stream().mapToLong(r -> r.report().scrub().filesDiffered()).sum()).isEqualTo(2);
    // The snapshot taken again over the damage voids the comparison started at the full run's commit; every later
    // run adopts the one its predecessor started once it committed.
    assertThat(runs.get(0).report().scrub().betweenRuns()).isFalse();
    assertThat(runs.subList(1, runs.size())).allMatch(r -> r.report().scrub().betweenRuns());
    assertThat(runs.get(runs.size() - 1).report().notes()).anyMatch(n -> n.matches(
        "scrub: \\d+ file\\(s\\) compared in \\d+ ms between runs; it added \\d+ ms, \\d+\\.\\d% of the run.*"));

    Run last = runs.get(runs.size() - 1);
    assertReplicated(root, last);
    assertThat(secondaryFs().exists(new Path(root + "/f3x"))).isFalse();
    assertThat(last.report().scrub().fullPassAt()).as("a pass through every file completed").isNotNull();
  }

  @Test
  void aForcedWholeVerificationComparesEveryFileAndCompletesThePass() throws Exception {
    String root = "/scrub-all/d";
    for (int i = 0; i < 9; i++) {
      write(primaryFs(), root + "/sub" + (i % 3) + "/g" + i, "g" + i);
    }
    cp().putGroup(group("scrub-all", 3, root));
    runOk("scrub-all");
    write(primaryFs(), root + "/sub0/g0", "changed");
    Run plain = runOk("scrub-all");
    assertThat(plain.report().verification().checksumsCompared()).isLessThan(9);

    Run all = cp().runNow(GroupName.of("scrub-all"), true);
    assertThat(all.state()).as("%s", all.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(all.report().verification().checksumsCompared()).isEqualTo(9);
    assertThat(all.report().scrub().wholeTree()).isTrue();
    assertThat(all.report().scrub().passesCompleted()).containsExactly(root);
    ScrubProgress progress = primaryRegistry().scrubProgress(GroupName.of("scrub-all"));
    assertThat(progress.roots().get(root).cursor()).isEmpty();
    assertThat(progress.roots().get(root).lastPassCompletedAt()).isEqualTo(all.report().scrub().fullPassAt());
    assertReplicated(root, all);
  }

  @Test
  void aFailedRunLeavesTheSweepWhereItWas() throws Exception {
    String root = "/scrub-fail/d";
    for (int i = 0; i < 12; i++) {
      write(primaryFs(), root + "/h" + i, "h" + i);
    }
    cp().putGroup(group("scrub-fail", 3, root));
    runOk("scrub-fail");
    Run first = runOk("scrub-fail");
    ScrubProgress after = primaryRegistry().scrubProgress(GroupName.of("scrub-fail"));
    assertThat(after.roots().get(root).cursor()).isNotEmpty();
    // Compared once the full run committed, sized for the run due a period (4 h) later: 12 files over the 5 runs
    // left before the pass's deadline, not 6 as these back-to-back runs would take beside their copies.
    assertThat(first.report().scrub().betweenRuns()).isTrue();
    assertThat(first.report().scrub().filesCompared()).isEqualTo(3);

    FAILURES.failNext(dev.tandem.model.RunStep.VERIFY, dev.tandem.testing.FailingInterceptor.When.BEFORE, 1);
    Run failed = cp().runNow(GroupName.of("scrub-fail"));
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(primaryRegistry().scrubProgress(GroupName.of("scrub-fail"))).isEqualTo(after);
  }

  /**
   * The scrub compares the two sites' snapshots of the last good cut while the new cut is copied, so what it finds
   * is named as in that cut; a directory renamed since then moved the damaged file without copying it, and the
   * repair must follow the rename or VERIFY, which checks the renamed subtree, fails the run.
   */
  @Test
  void aDamagedFileWhoseDirectoryWasRenamedSinceIsRepairedUnderItsNewName() throws Exception {
    String root = "/scrub-mv/d";
    write(primaryFs(), root + "/old/f", "one file only, so every run's slice holds it");
    cp().putGroup(group("scrub-mv", 3, root));
    Run full = runOk("scrub-mv");
    HiddenCorruption.flipABit(secondaryFs(), root, root + "/old/f", full.cut().snapshotName(full.group()));
    primaryFs().rename(new Path(root + "/old"), new Path(root + "/new"));

    Run run = runOk("scrub-mv");

    assertThat(run.report().scrub().differences()).containsExactly(root + "/old/f: checksum");
    assertThat(Trees.read(secondaryFs(), root + "/new/f")).isEqualTo(Trees.read(primaryFs(), root + "/new/f"));
    assertThat(secondaryFs().exists(new Path(root + "/old"))).isFalse();
    assertReplicated(root, run);
  }

  private static Run found(List<Run> runs, String difference) {
    return runs.stream().filter(r -> r.report().scrub().differences().stream().anyMatch(d -> d.startsWith(difference)))
        .findFirst().orElseThrow(() -> new AssertionError("no run's scrub found " + difference + ": "
            + runs.stream().map(r -> r.report().scrub()).toList()));
  }

  /** Rewrites f3 on the secondary (same length, owner, mode, mtime), adds f3x, and re-takes the sealed snapshot. */
  private static void corruptBehindTandemsBack(String root, Run last) throws Exception {
    long length = secondaryFs().getFileStatus(new Path(root + "/f3")).getLen();
    write(secondaryFs(), root + "/f3x", "not on the primary");
    FileStatus like = primaryFs().getFileStatus(new Path(root + "/f0"));
    secondaryFs().setOwner(new Path(root + "/f3x"), like.getOwner(), like.getGroup());
    HiddenCorruption.flipABit(secondaryFs(), root, root + "/f3", last.cut().snapshotName(last.group()));
    assertThat(secondaryFs().getFileStatus(new Path(root + "/f3")).getLen()).isEqualTo(length);
  }
}
