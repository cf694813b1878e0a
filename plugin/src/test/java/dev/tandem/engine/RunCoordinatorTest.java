package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.engine.fake.FakeFileSystem;
import dev.tandem.engine.fake.FakeGroupLock;
import dev.tandem.engine.fake.FakePair;
import dev.tandem.model.CopyMode;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.model.StepTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run's pipeline over two in-memory sites ({@link FakePair}): what the two-site sandboxes prove about commits,
 * failures and recovery, in milliseconds. Every test asserts the state the sites are left in.
 */
class RunCoordinatorTest {
  private static final String ROOT = "/data/billing";

  private final FakePair sites = new FakePair();
  private ProtectionGroup group;
  private GroupName name;

  @BeforeEach
  void billing() {
    group = sites.define(sites.group("billing", 3, ROOT));
    name = group.name();
    sites.primary.files.write(ROOT + "/a.txt", "alpha").write(ROOT + "/sub/b.txt", "beta")
        .write(ROOT + "/sub/deep/c.txt", "gamma");
  }

  /** Something for the next run to copy: one file changed, one created, one deleted. */
  private void change() {
    sites.primary.files.write(ROOT + "/a.txt", "alpha, again");
    sites.primary.files.write(ROOT + "/new.txt", "new");
    sites.primary.files.delete(ROOT + "/sub/b.txt");
  }

  private void assertSecondaryHolds(Run run) {
    String snapshot = run.cut().snapshotName(name);
    var cut = sites.primary.files.tree(ROOT, snapshot);
    assertThat(sites.secondary.files.tree(ROOT, snapshot)).as("secondary's sealed copy").isEqualTo(cut);
    assertThat(sites.secondary.files.tree(ROOT)).as("secondary's live tree").isEqualTo(cut);
  }

  private void assertLastGood(Optional<CutId> expected) {
    assertThat(sites.lastGood(sites.secondary, name)).as("secondary's last good cut").isEqualTo(expected);
    assertThat(sites.lastGood(sites.primary, name)).as("primary's last good cut").isEqualTo(expected);
  }

  private static List<RunStep> stepsOf(Run run) {
    return run.steps().stream().map(StepTiming::step).toList();
  }

  @Test
  void aFullThenAnIncrementalRunCopyTheCutAndCommitItOnBothSites() {
    Run first = sites.run(name);

    assertThat(first.state()).as(first.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(stepsOf(first)).containsExactly(RunStep.values());
    assertThat(first.steps()).allMatch(StepTiming::ok);
    assertThat(first.report().mode()).isEqualTo(CopyMode.FULL);
    assertThat(first.report().filesCopied()).isEqualTo(3);
    assertThat(first.report().verification().ok()).isTrue();
    assertSecondaryHolds(first);
    assertLastGood(Optional.of(first.cut()));
    assertThat(sites.secondary.registry.group(name)).contains(group);

    change();
    Run second = sites.run(name);

    assertThat(second.state()).as(second.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(stepsOf(second)).containsExactly(RunStep.values());
    assertThat(second.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertThat(second.report().filesCopied()).as("only what changed").isEqualTo(2);
    assertThat(second.report().pathsDeleted()).isEqualTo(1);
    assertSecondaryHolds(second);
    assertThat(sites.secondary.files.tree(ROOT)).containsKey("new.txt").doesNotContainKey("sub/b.txt");
    assertLastGood(Optional.of(second.cut()));
    assertThat(sites.primary.registry.runs(name, 10)).extracting(Run::id, Run::state)
        .containsExactly(tuple(second.id(), RunState.SUCCEEDED),
            tuple(first.id(), RunState.SUCCEEDED));
    assertThat(sites.primary.registry.writerFence(name).isRaised()).isFalse();
    assertThat(sites.primary.registry.groupLock(name).isHeld()).isFalse();
  }

  @Test
  void aSharedRootCopiesOnlyTheGroupsDirectories() {
    sites.primary.files.mkdirs("/data");
    sites.primary.files.allowSnapshot("/data");
    sites.primary.files.write("/data/other/secret.txt", "not ours");
    Run run = sites.run(name);

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sites.secondary.files.node("/data/other/secret.txt")).isEmpty();
    assertThat(sites.secondary.files.node(ROOT + "/sub/deep/c.txt")).isPresent();
    assertThat(sites.secondary.files.snapshots("/data")).containsExactly(run.cut().snapshotName(name));
  }

  /** Every step that can fail before the commit's writes, and when: before it starts or right after its work. */
  static Stream<Arguments> failuresBeforeTheCommit() {
    Stream<Arguments> before = EnumSet.range(RunStep.SYNC_CONFIG, RunStep.COMMIT)
        .stream().map(s -> Arguments.of(s, true));
    Stream<Arguments> after = EnumSet.range(RunStep.SYNC_CONFIG, RunStep.USER_DATA)
        .stream().map(s -> Arguments.of(s, false));
    return Stream.concat(before, after);
  }

  @ParameterizedTest(name = "{0}, before: {1}")
  @MethodSource("failuresBeforeTheCommit")
  void aFailureAtAnyStepLeavesTheLastGoodCutAndTheNextRunRecovers(RunStep step, boolean before) {
    Run first = sites.run(name);
    change();
    if (before) {
      sites.steps.failBefore(step, 1);
    } else {
      sites.steps.failAfter(step, 1);
    }

    Run failed = sites.run(name);

    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.error()).contains("Injected failure");
    StepTiming last = failed.steps().get(failed.steps().size() - 1);
    assertThat(last.step()).isEqualTo(step);
    assertThat(last.ok()).isFalse();
    assertThat(stepsOf(failed)).doesNotContain(RunStep.RETAIN);
    assertLastGood(Optional.of(first.cut()));
    assertThat(sites.secondary.registry.cuts(name)).extracting(Cut::id).containsExactly(first.cut());
    assertThat(sites.primary.registry.groupLock(name).isHeld()).as("lock released").isFalse();
    assertThat(sites.primary.registry.writerFence(name).isRaised()).as("fence lowered").isFalse();
    assertThat(sites.primary.registry.runs(name, 1)).extracting(Run::state).containsExactly(RunState.FAILED);

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().mode()).as("the common cut survived").isEqualTo(CopyMode.INCREMENTAL);
    assertSecondaryHolds(next);
    assertLastGood(Optional.of(next.cut()));
    List<String> kept = List.of(first.cut().snapshotName(name), next.cut().snapshotName(name));
    assertThat(sites.primary.files.snapshots(ROOT)).as("the failed cut's snapshot is gone").isEqualTo(kept);
    assertThat(sites.secondary.files.snapshots(ROOT).stream().filter(s -> !s.contains("drift")).toList())
        .isEqualTo(kept);
    for (var site : List.of(sites.primary, sites.secondary)) {
      assertThat(site.registry.cuts(name)).extracting(Cut::id).containsExactly(first.cut(), next.cut());
    }
  }

  @Test
  void aFirstRunThatDiesHalfWayThroughItsCopyIsFollowedByAFullCopyThatRemovesWhatItLeft() {
    sites.replicator.failCopies(1);
    Run failed = sites.run(name);
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.error()).contains("injected");
    assertThat(sites.secondary.files.tree(ROOT)).as("a partial copy").isNotEmpty();
    sites.primary.files.delete(ROOT + "/sub");

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().mode()).isEqualTo(CopyMode.FULL);
    assertSecondaryHolds(next);
    assertLastGood(Optional.of(next.cut()));
  }

  @Test
  void anIncrementalCopyThatDiesHalfWayIsRolledBackByTheNextRun() {
    Run first = sites.run(name);
    change();
    sites.replicator.failCopies(1);
    Run failed = sites.run(name);
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(failed)).last().isEqualTo(RunStep.REPLICATE);
    assertThat(sites.secondary.files.tree(ROOT)).as("half applied")
        .isNotEqualTo(sites.secondary.files.tree(ROOT, first.cut().snapshotName(name)));

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().notes()).anyMatch(n -> n.startsWith("Rolled back"));
    assertThat(next.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertSecondaryHolds(next);
  }

  @Test
  void aFailureAfterTheCommitsWritesLeavesTheCutCommitted() {
    sites.run(name);
    change();
    sites.steps.failAfter(RunStep.COMMIT, 1);

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertLastGood(Optional.of(run.cut()));
    Run next = sites.run(name);
    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertThat(next.report().filesCopied()).as("nothing changed since the committed cut").isZero();
  }

  @Test
  void aFailedRetentionIsANoteNotAFailedRun() {
    sites.steps.failBefore(RunStep.RETAIN, 1);

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.report().notes()).anyMatch(n -> n.startsWith("Retention not applied"));
    assertLastGood(Optional.of(run.cut()));
  }

  @Test
  void aLockLostUnnoticedBeforeTheCommitIsCaughtByItsConfirmationAndNothingCommits() {
    Run first = sites.run(name);
    change();
    FakeGroupLock lock = sites.primary.registry.groupLock(name);
    sites.steps.onBefore(RunStep.COMMIT, lock::expire);

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).last().isEqualTo(RunStep.COMMIT);
    assertThat(run.error()).contains("no longer held");
    assertLastGood(Optional.of(first.cut()));
    assertThat(sites.secondary.registry.cuts(name)).extracting(Cut::id).containsExactly(first.cut());
    assertThat(sites.run(name).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void aLockLostBetweenStepsStopsTheRunAtTheNextStep() {
    Run first = sites.run(name);
    change();
    sites.steps.onBefore(RunStep.SEAL, sites.primary.registry.groupLock(name)::lose);

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).last().isEqualTo(RunStep.VERIFY);
    assertThat(run.error()).contains("lost");
    assertLastGood(Optional.of(first.cut()));
  }

  @Test
  void aLockHeldByAnotherServerFailsTheRunBeforeAnyCut() {
    sites.primary.registry.groupLock(name).holdElsewhere();

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).containsExactly(RunStep.SYNC_CONFIG, RunStep.LOCK);
    assertThat(run.error()).contains("locked by another run");
    assertThat(sites.primary.files.snapshots(ROOT)).isEmpty();
    assertLastGood(Optional.empty());
  }

  @Test
  void anotherRunCommittingFirstFailsTheRunWithoutTouchingThePrimarysLastGoodCut() {
    Run first = sites.run(name);
    change();
    CutId rival = CutId.at(Instant.parse("2030-01-01T00:00:00Z"));
    sites.secondary.registry.beforeNextMove(
        () -> sites.secondary.registry.moveLastGoodCut(name, Optional.of(first.cut()), rival));

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).last().isEqualTo(RunStep.COMMIT);
    assertThat(run.error()).contains("Last good cut of group billing on west is " + rival);
    assertThat(sites.lastGood(sites.secondary, name)).contains(rival);
    assertThat(sites.lastGood(sites.primary, name)).contains(first.cut());
    assertThat(sites.primary.registry.groupLock(name).isHeld()).isFalse();
  }

  @Test
  void aCommitThatStoppedBetweenTheTwoRegistriesIsCompletedByTheNextRun() {
    sites.run(name);
    change();
    sites.primary.registry.failMoves(1);
    Run half = sites.run(name);
    assertThat(half.state()).isEqualTo(RunState.FAILED);
    assertThat(sites.lastGood(sites.secondary, name)).contains(half.cut());

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().notes()).anyMatch(n -> n.contains("an earlier commit stopped half-way"));
    assertThat(next.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertLastGood(Optional.of(next.cut()));
    assertThat(sites.cuts(sites.primary, name)).extracting(Cut::id).contains(half.cut());
  }

  @Test
  void aStrayWriteOnTheSecondaryIsRolledBackAndKeptAsADriftSnapshot() {
    Run first = sites.run(name);
    sites.secondary.files.write(ROOT + "/stray.txt", "not from the primary");
    sites.secondary.files.write(ROOT + "/a.txt", "overwritten");

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().notes()).anyMatch(n -> n.startsWith("Rolled back"));
    assertSecondaryHolds(next);
    String drift = sites.secondary.files.snapshots(ROOT).stream().filter(s -> s.contains("-drift-")).findFirst()
        .orElseThrow();
    assertThat(sites.secondary.files.tree(ROOT, drift)).containsKey("stray.txt");
    assertThat(sites.primary.files.tree(ROOT, first.cut().snapshotName(name))).doesNotContainKey("stray.txt");
  }

  @Test
  void aFileCorruptedOnTheSecondaryBeforeTheSealFailsVerificationAndIsRepairedNextRun() {
    Run first = sites.run(name);
    change();
    sites.steps.onBefore(RunStep.SEAL, () -> sites.secondary.files.corrupt(ROOT + "/new.txt"));

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).last().isEqualTo(RunStep.VERIFY);
    assertThat(run.error()).contains("Verification of cut").contains(ROOT + "/new.txt: checksum");
    assertThat(run.report().verification().mismatches()).containsExactly(ROOT + "/new.txt: checksum");
    assertLastGood(Optional.of(first.cut()));

    Run next = sites.run(name);
    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertSecondaryHolds(next);
  }

  @Test
  void writersThatDoNotDrainFailTheCutAndNoSnapshotIsLeft() {
    sites.primary.registry.writerFence(name).failRaises(1);

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).last().isEqualTo(RunStep.CUT);
    assertThat(run.error()).contains("did not drain");
    assertThat(sites.primary.files.snapshots(ROOT)).isEmpty();
    assertThat(sites.run(name).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void aLastGoodCutWithoutItsRecordFailsRecoveryInsteadOfCopyingEverything() {
    Run first = sites.run(name);
    sites.secondary.registry.deleteCut(name, first.cut());

    Run run = sites.run(name);

    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(stepsOf(run)).last().isEqualTo(RunStep.RECOVER);
    assertThat(run.error()).contains("names last good cut " + first.cut()).contains("holds no record");
  }

  @Test
  void recoveryKeepsSnapshotsThatAreNotTandemsOwn() {
    Run first = sites.run(name);
    sites.primary.files.createSnapshot(ROOT, "operator-daily");
    sites.steps.failAfter(RunStep.SEAL, 1);
    sites.run(name);

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sites.primary.files.snapshots(ROOT)).containsExactly(first.cut().snapshotName(name), "operator-daily",
        next.cut().snapshotName(name));
  }

  @ParameterizedTest
  @EnumSource(value = RunStep.class, names = {"SYNC_CONFIG", "LOCK", "PLAN", "CUT"})
  void aRepeatedFailureKeepsFailingUntilItStops(RunStep step) {
    sites.steps.failBefore(step, 2);
    assertThat(sites.run(name).state()).isEqualTo(RunState.FAILED);
    assertThat(sites.run(name).state()).isEqualTo(RunState.FAILED);
    assertLastGood(Optional.empty());
    Run run = sites.run(name);
    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(FakeFileSystem.within(sites.secondary.files.tree(ROOT), Scope.whole()))
        .isEqualTo(sites.primary.files.tree(ROOT, run.cut().snapshotName(name)));
  }

  @Test
  void theScrubFindsBitRotThatNoDiffShowsAndRepairsItBeforeTheSeal() {
    sites.options(RunOptions.defaults().withVerifyFullInterval(Duration.ofHours(1))); // a pass per run
    sites.run(name);
    sites.secondary.files.rot(ROOT + "/sub/deep/c.txt");
    change();

    Run run = sites.run(name);

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.report().scrub().filesDiffered()).isEqualTo(1);
    assertThat(run.report().scrub().differences()).containsExactly(ROOT + "/sub/deep/c.txt: checksum");
    assertThat(run.report().notes()).anyMatch(n -> n.startsWith("scrub: 1 file(s) differed"));
    assertSecondaryHolds(run);
  }

  /** The scrub reads the last good cut, so it also finds damage in files this run's diff rewrites or deletes. */
  @Test
  void bitRotInAFileTheNextCutRewritesOrDeletesIsReportedAndTheCutHoldsThePrimarysVersion() {
    sites.options(RunOptions.defaults().withVerifyFullInterval(Duration.ofHours(1))); // a pass per run
    sites.run(name);
    sites.secondary.files.rot(ROOT + "/a.txt");
    sites.secondary.files.rot(ROOT + "/sub/b.txt");
    change(); // rewrites a.txt, deletes sub/b.txt

    Run run = sites.run(name);

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.report().scrub().differences())
        .containsExactlyInAnyOrder(ROOT + "/a.txt: checksum", ROOT + "/sub/b.txt: checksum");
    assertSecondaryHolds(run);
  }

  /** A run, successful, during which c.txt rots on the secondary just before COMMIT (and {@code meanwhile} happens). */
  private void runRottingBeforeItsCommit(Runnable meanwhile) {
    sites.clock.advance(Duration.ofHours(1));
    Run run = sites.coordinator(new StepInterceptor() {
      @Override
      public void before(GroupName group, RunStep step) {
        if (step == RunStep.COMMIT) {
          sites.secondary.files.rot(ROOT + "/sub/deep/c.txt");
          meanwhile.run();
        }
      }
    }).run(name);
    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
  }

  /** Bit rot before the commit: the comparison started once the run committed finds it, and the next run repairs. */
  @Test
  void theNextRunAdoptsTheComparisonStartedAtTheCommitAndRepairsWhatItFound() {
    ScrubsAhead ahead = ScrubsAhead.enabled();
    sites.options(RunOptions.defaults().withVerifyFullInterval(Duration.ofHours(1))).scrubsAhead(ahead);
    sites.run(name);
    runRottingBeforeItsCommit(() -> { });
    assertThat(ahead.awaitIdle(name, Duration.ofSeconds(30))).isTrue();
    change();

    Run third = sites.run(name);

    assertThat(third.state()).as(third.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(third.report().scrub().betweenRuns()).isTrue();
    assertThat(third.report().scrub().differences()).containsExactly(ROOT + "/sub/deep/c.txt: checksum");
    assertThat(third.report().notes())
        .anyMatch(n -> n.matches("scrub: \\d+ file\\(s\\) compared in \\d+ ms between runs.*"));
    assertSecondaryHolds(third);
  }

  /** Whether it failed before the next run took it or after: that run compares again and finds the damage. */
  @Test
  void aComparisonBetweenRunsThatFailsDoesNotFailTheNextRun() {
    ScrubsAhead ahead = ScrubsAhead.enabled();
    sites.options(RunOptions.defaults().withVerifyFullInterval(Duration.ofHours(1))).scrubsAhead(ahead);
    sites.run(name);
    runRottingBeforeItsCommit(() -> sites.secondary.files.failListings(1));

    Run third = sites.run(name);

    assertThat(third.state()).as(third.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(third.report().scrub().differences()).containsExactly(ROOT + "/sub/deep/c.txt: checksum");
    assertSecondaryHolds(third);
  }

  /** A snapshot deleted and taken again is another snapshot: what was compared of the old one is dropped. */
  @Test
  void aSnapshotTakenAgainSinceTheCommitVoidsTheComparisonAhead() {
    ScrubsAhead ahead = ScrubsAhead.enabled();
    sites.options(RunOptions.defaults().withVerifyFullInterval(Duration.ofHours(1))).scrubsAhead(ahead);
    Run first = sites.run(name);
    Run adopting = sites.run(name);
    assertThat(adopting.report().scrub().betweenRuns()).as("runs adopt the comparison by default").isTrue();
    assertThat(ahead.awaitIdle(name, Duration.ofSeconds(30))).isTrue();
    String sealed = adopting.cut().snapshotName(name);
    sites.secondary.files.rot(ROOT + "/sub/deep/c.txt");
    sites.secondary.files.deleteSnapshot(ROOT, sealed);
    sites.secondary.files.createSnapshot(ROOT, sealed);

    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(next.report().scrub().betweenRuns()).isFalse();
    assertThat(next.report().scrub().differences()).containsExactly(ROOT + "/sub/deep/c.txt: checksum");
    assertSecondaryHolds(next);
    assertThat(first.report().scrub().betweenRuns()).isFalse();
  }

  @Test
  void withoutTheScrubBitRotOutsideTheDiffsGoesUnseen() {
    sites.options(RunOptions.defaults().withVerifyFullInterval(Duration.ZERO));
    sites.run(name);
    sites.secondary.files.rot(ROOT + "/sub/deep/c.txt");
    change();

    Run run = sites.run(name);

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sites.secondary.files.node(ROOT + "/sub/deep/c.txt"))
        .isNotEqualTo(sites.primary.files.node(ROOT + "/sub/deep/c.txt"));
  }

  @Test
  void aFailedRunLeavesTheScrubsProgressWhereItWas() {
    sites.run(name);
    change();
    sites.run(name);
    var kept = sites.primary.registry.scrubProgress(name);
    assertThat(kept.roots().get(ROOT).compared()).as("the second run compared a slice").isPositive();
    sites.primary.files.write(ROOT + "/more.txt", "more");
    sites.steps.failBefore(RunStep.COMMIT, 1);

    assertThat(sites.run(name).state()).isEqualTo(RunState.FAILED);

    assertThat(sites.primary.registry.scrubProgress(name)).isEqualTo(kept);
    assertThat(sites.run(name).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sites.primary.registry.scrubProgress(name).roots().get(ROOT).compared())
        .isGreaterThan(kept.roots().get(ROOT).compared());
  }

  @Test
  void aFileOpenAtTheCutIsNotedAndCopiedAgainByNameAfterACloseThatNoDiffShows() {
    sites.primary.files.open(ROOT + "/sub/b.txt");
    Run first = sites.run(name);
    assertThat(first.state()).as(first.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(first.report().notes()).anyMatch(n -> n.startsWith("1 file(s) open for write at the cut")
        && n.contains(ROOT + "/sub/b.txt"));
    assertThat(sites.cut(sites.secondary, name, first.cut()).openFiles().under(ROOT)).containsExactly("sub/b.txt");

    sites.primary.files.close(ROOT + "/sub/b.txt");
    Run next = sites.run(name);

    assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(sites.primary.files.diff(ROOT, first.cut().snapshotName(name), next.cut().snapshotName(name))
        .isEmpty()).as("the close is in no diff").isTrue();
    assertSecondaryHolds(next);
    assertThat(sites.cut(sites.secondary, name, next.cut()).openFiles().count()).isZero();
  }

  @Test
  void aRootWhoseSnapshotOfTheLastGoodCutIsGoneOnTheSecondaryIsCopiedInFullAndSaysWhy() {
    Run first = sites.run(name);
    sites.secondary.files.deleteSnapshot(ROOT, first.cut().snapshotName(name));
    change();

    Run run = sites.run(name);

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.report().mode()).isEqualTo(CopyMode.FULL);
    assertThat(run.report().notes()).anyMatch(n -> n.startsWith("Full copy of " + ROOT)
        && n.contains("its snapshot of cut " + first.cut() + " is missing"));
    assertSecondaryHolds(run);
  }

  @Test
  void aDirectoryAddedToTheGroupIsCopiedInFullWhileTheOthersStayIncremental() {
    sites.run(name);
    sites.primary.files.write("/data/sales/s.txt", "sales");
    sites.define(sites.group("billing", 3, ROOT, "/data/sales"));
    change();

    Run run = sites.run(name);

    assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.report().mode()).isEqualTo(CopyMode.FULL);
    assertThat(run.report().notes()).anyMatch(n -> n.equals("Full copy of /data/sales: no common cut with the "
        + "secondary for this root (new in this group)"));
    assertThat(run.report().filesCopied()).as("2 changed in billing, 1 in sales").isEqualTo(3);
    assertSecondaryHolds(run);
    assertThat(sites.secondary.files.tree("/data/sales", run.cut().snapshotName(name)))
        .isEqualTo(sites.primary.files.tree("/data/sales", run.cut().snapshotName(name)));
  }
}
