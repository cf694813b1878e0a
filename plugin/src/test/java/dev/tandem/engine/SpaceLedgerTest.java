package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.SnapshotHolding;
import dev.tandem.model.SnapshotKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 21 G: what snapshots hold beyond the live tree, each file counted once. */
class SpaceLedgerTest {
  private static final String ROOT = "/data";

  private static HeldFiles files(Map<Long, Long> bytes) {
    return new HeldFiles(bytes, true);
  }

  @Test
  void aFileHeldByTwoCutsCountsOnceAndIsExclusiveToNeither() {
    SpaceLedger ledger = new SpaceLedger()
        .add(ROOT, "c1", SnapshotKind.CUT, files(Map.of(1L, 1000L)))
        .add(ROOT, "c2", SnapshotKind.CUT, files(Map.of(1L, 1000L, 3L, 5000L)));

    assertThat(ledger.held(SnapshotKind.CUT)).isEqualTo(6000);
    assertThat(ledger.held(SnapshotKind.DRIFT)).isZero();
    assertThat(ledger.holdings()).containsExactly(
        new SnapshotHolding(ROOT, "c1", SnapshotKind.CUT, 1000, 0),
        new SnapshotHolding(ROOT, "c2", SnapshotKind.CUT, 6000, 5000));
  }

  @Test
  void aFileACutAndADriftSnapshotShareCountsForBothKindsButIsExclusiveToNone() {
    SpaceLedger ledger = new SpaceLedger()
        .add(ROOT, "c1", SnapshotKind.CUT, files(Map.of(1L, 100L)))
        .add(ROOT, "d1", SnapshotKind.DRIFT, files(Map.of(1L, 100L, 2L, 40L)))
        .add(ROOT, "mine", SnapshotKind.OTHER, files(Map.of(2L, 40L)));

    assertThat(ledger.held(SnapshotKind.CUT)).isEqualTo(100);
    assertThat(ledger.held(SnapshotKind.DRIFT)).isEqualTo(140);
    assertThat(ledger.held(SnapshotKind.OTHER)).isEqualTo(40);
    assertThat(ledger.holdings()).extracting(SnapshotHolding::exclusiveBytes).containsExactly(0L, 0L, 0L);
  }

  @Test
  void snapshotsThatHoldNothingBeyondTheLiveTreeCountZero() {
    SpaceLedger ledger = new SpaceLedger().add(ROOT, "c1", SnapshotKind.CUT, HeldFiles.NONE);

    assertThat(ledger.held(SnapshotKind.CUT)).isZero();
    assertThat(ledger.holdings()).containsExactly(new SnapshotHolding(ROOT, "c1", SnapshotKind.CUT, 0, 0));
  }
}
