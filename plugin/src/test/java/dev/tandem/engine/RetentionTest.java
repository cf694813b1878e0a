package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.fake.FakePair;
import dev.tandem.engine.fake.FakeSite;
import dev.tandem.model.CopyMode;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cuts a group keeps, on both sites, after runs commit. */
class RetentionTest {
  private static final String ROOT = "/data/billing";
  private final FakePair sites = new FakePair();

  private List<Run> runs(GroupName name, int n) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sites.primary.files.write(ROOT + "/f" + i, "run " + i);
      Run run = sites.run(name);
      assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
      out.add(run);
    }
    return out;
  }

  private void assertKept(GroupName name, List<CutId> kept) {
    for (FakeSite site : List.of(sites.primary, sites.secondary)) {
      assertThat(site.registry.cuts(name)).as(site.site.id() + "'s cut records").extracting(Cut::id)
          .containsExactlyElementsOf(kept);
      assertThat(site.files.snapshots(ROOT)).as(site.site.id() + "'s snapshots")
          .containsExactlyElementsOf(kept.stream().map(id -> id.snapshotName(name)).toList());
    }
  }

  @Test
  void theNewestCutsAreKeptOnBothSites() {
    GroupName name = sites.define(sites.group("billing", 2, ROOT)).name();

    List<Run> done = runs(name, 4);

    assertKept(name, List.of(done.get(2).cut(), done.get(3).cut()));
  }

  @Test
  void aRetentionOfOneKeepsTheLastGoodCutAndTheNextRunStaysIncremental() {
    GroupName name = sites.define(sites.group("billing", 1, ROOT)).name();

    List<Run> done = runs(name, 3);

    CutId last = done.get(2).cut();
    assertKept(name, List.of(last));
    assertThat(sites.lastGood(sites.secondary, name)).contains(last);
    sites.primary.files.write(ROOT + "/later", "x");
    Run next = sites.run(name);
    assertThat(next.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertThat(next.report().filesCopied()).isEqualTo(1);
  }

  /**
   * Issue 21 G: drift snapshots (what a rollback set aside) expire after {@code driftSnapshotRetention}, judged by
   * the time in their names, on both sites; younger ones, cuts and other snapshots stay.
   */
  @Test
  void driftSnapshotsOlderThanTheirRetentionAreDeletedOnBothSitesAndYoungerOnesKept() {
    sites.options(RunOptions.defaults().withDriftSnapshotRetention(java.time.Duration.ofDays(7)));
    GroupName name = sites.define(sites.group("billing", 3, ROOT)).name();
    runs(name, 1);
    java.time.Instant now = sites.clock.instant();
    String old = CutId.driftSnapshotName(name, now.minus(java.time.Duration.ofDays(8)));
    String young = CutId.driftSnapshotName(name, now.minus(java.time.Duration.ofDays(6)));
    for (FakeSite site : List.of(sites.primary, sites.secondary)) {
      site.files.createSnapshot(ROOT, old);
      site.files.createSnapshot(ROOT, young);
      site.files.createSnapshot(ROOT, "operator-backup");
    }

    Run next = runs(name, 1).get(0);

    for (FakeSite site : List.of(sites.primary, sites.secondary)) {
      assertThat(site.files.snapshots(ROOT)).as(site.site.id() + "'s snapshots").doesNotContain(old)
          .contains(young, "operator-backup").hasSize(4);
    }
    assertThat(next.report().notes()).anyMatch(n -> n.startsWith("Deleted 2 drift snapshot(s) older than PT168H: ")
        && n.contains("east:" + ROOT + "/.snapshot/" + old) && n.contains("west:" + ROOT + "/.snapshot/" + old));
  }

  @Test
  void aDriftRetentionOfZeroKeepsDriftSnapshotsForEver() {
    GroupName name = sites.define(sites.group("billing", 3, ROOT)).name();
    runs(name, 1);
    String ancient = CutId.driftSnapshotName(name, java.time.Instant.parse("2000-01-01T00:00:00Z"));
    sites.secondary.files.createSnapshot(ROOT, ancient);

    List<String> deleted = new Retention(sites.primary.handle(), sites.secondary.handle())
        .expireDrift(name, java.time.Duration.ZERO, sites.clock.instant());

    assertThat(deleted).isEmpty();
    assertThat(sites.secondary.files.snapshots(ROOT)).contains(ancient);
  }

  @Test
  void retentionDropsNothingWhileFewerCutsThanItKeepsExist() {
    GroupName name = sites.define(sites.group("billing", 5, ROOT)).name();
    List<Run> done = runs(name, 3);

    int dropped = new Retention(sites.primary.handle(), sites.secondary.handle()).apply(name, 5);

    assertThat(dropped).isZero();
    assertKept(name, done.stream().map(Run::cut).toList());
  }

  /**
   * A cut record newer than the last good cut (a commit that wrote it and then lost its compare-and-set to a run
   * that took over an expired lock) is not a committed cut: counted as one, a retention of one dropped the last
   * good cut itself on both sites, and every later run failed in RECOVER ("names last good cut ... but holds no
   * record").
   */
  @Test
  void aCutRecordNewerThanTheLastGoodCutDoesNotPushTheLastGoodCutOut() {
    GroupName name = sites.define(sites.group("billing", 1, ROOT)).name();
    CutId good = runs(name, 1).get(0).cut();
    // A commit that wrote the secondary's cut record and then lost its compare-and-set (another run was first).
    Cut uncommitted = sites.cut(sites.secondary, name, good);
    sites.secondary.registry.putCut(new Cut(CutId.at(uncommitted.takenAt().plusSeconds(60)), name,
        uncommitted.takenAt().plusSeconds(60), uncommitted.roots(), uncommitted.consistencyWindow(), -1));

    new Retention(sites.primary.handle(), sites.secondary.handle()).apply(name, 1);

    assertThat(sites.secondary.registry.cut(name, good)).as("the last good cut's record").isPresent();
    assertThat(sites.secondary.files.snapshots(ROOT)).contains(good.snapshotName(name));
  }

  /**
   * Issue 21 C: the cut an active DR test exposes is kept on both sites beyond the retention, and the runs say so;
   * once the test is stopped, the next run drops it. The hold is read from either site's registry (the test is
   * recorded at the secondary; after a switchover that is the other site).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void aCutADrTestExposesIsKeptOnBothSitesBeyondTheRetentionUntilTheTestStops(boolean recordedAtSecondary) {
    GroupName name = sites.define(sites.group("billing", 1, ROOT)).name();
    CutId held = runs(name, 1).get(0).cut();
    FakeSite recordedAt = recordedAtSecondary ? sites.secondary : sites.primary;
    recordedAt.registry.createDrTest(new DrTest(name, held, recordedAt.site.id(), sites.clock.instant(), "alice",
        "_drtest", List.of("billing_drtest"), null));

    List<Run> later = runs(name, 2);

    assertKept(name, List.of(held, later.get(1).cut()));
    assertThat(later.get(1).report().notes()).contains("Kept cut " + held + " beyond the retention of 1: a DR test "
        + "exposes it (tandem drtest stop billing releases it)");

    recordedAt.registry.deleteDrTest(name);
    Run next = runs(name, 1).get(0);

    assertKept(name, List.of(next.cut()));
    assertThat(next.report().notes()).noneMatch(n -> n.contains("DR test"));
  }
}
