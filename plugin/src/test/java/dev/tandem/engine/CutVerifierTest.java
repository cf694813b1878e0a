package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.fake.FakeFileReplicator;
import dev.tandem.engine.fake.FakeFileSystem;
import dev.tandem.model.OpenFiles;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.Verification;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The comparison of a cut's two copies, over two in-memory file systems whose secondary a test damages. */
class CutVerifierTest {
  private static final String ROOT = "/r";
  private static final String SNAP = "s1";
  private static final SnapshotRoot WHOLE = new SnapshotRoot(ROOT, List.of(""));

  private final FakeFileSystem primary = new FakeFileSystem("hdfs://east");
  private final FakeFileSystem secondary = new FakeFileSystem("hdfs://west");

  @BeforeEach
  void sameTreeOnBothSides() {
    primary.write(ROOT + "/a", "alpha").write(ROOT + "/d/b", "beta").write(ROOT + "/d/c", "gamma")
        .write(ROOT + "/out/x", "outside the scope");
    primary.allowSnapshot(ROOT);
    primary.createSnapshot(ROOT, SNAP);
    secondary.mkdirs(ROOT);
    secondary.allowSnapshot(ROOT);
    new FakeFileReplicator(primary, secondary).copyFull(WHOLE, SNAP, Set.of(), ProgressListener.NONE);
  }

  private Verification verify(SnapshotRoot root, Map<String, ChecksumSelection> checksums, Set<String> regionOnly) {
    secondary.createSnapshot(ROOT, SNAP);
    return new CutVerifier(primary, secondary).verify(List.of(root), SNAP, checksums, regionOnly, OpenFiles.NONE,
        Map.of());
  }

  private Verification verifyAll() {
    return verify(WHOLE, Map.of(), Set.of());
  }

  @Test
  void equalCopiesVerifyWithEveryEntryAndChecksumCompared() {
    Verification v = verifyAll();

    assertThat(v.ok()).isTrue();
    assertThat(v.entriesCompared()).isEqualTo(6); // a, d, d/b, d/c, out, out/x
    assertThat(v.checksumsCompared()).isEqualTo(4);
  }

  @Test
  void aFileMissingOnTheSecondaryIsReported() {
    secondary.delete(ROOT + "/d/b");

    assertThat(verifyAll().mismatches()).containsExactly("missing on secondary: /r/d/b");
  }

  @Test
  void aFileOnlyOnTheSecondaryIsReported() {
    secondary.write(ROOT + "/d/stray", "?");

    assertThat(verifyAll().mismatches()).containsExactly("extra on secondary: /r/d/stray");
  }

  @Test
  void aDifferentLengthIsReported() {
    secondary.write(ROOT + "/a", "alphabet");

    assertThat(verifyAll().mismatches()).singleElement().asString().startsWith("/r/a: length 5 vs 8");
  }

  @Test
  void sameLengthAndTimeButOtherBytesIsAChecksumDifference() {
    secondary.corrupt(ROOT + "/d/c");

    assertThat(verifyAll().mismatches()).containsExactly("/r/d/c: checksum");
  }

  @Test
  void aChecksumNotSelectedIsNotComputedSoOnlyListingDifferencesShow() {
    secondary.corrupt(ROOT + "/d/c");
    secondary.chown(ROOT + "/a", "mallory");

    Verification v = verify(WHOLE, Map.of(ROOT, ChecksumSelection.none()), Set.of());

    assertThat(v.mismatches()).containsExactly("/r/a: owner hdfs:hadoop vs mallory:hadoop");
    assertThat(v.checksumsCompared()).isZero();
  }

  @Test
  void aRegionOnlyRootComparesNothingOutsideItsRegion() {
    secondary.corrupt(ROOT + "/a");
    secondary.corrupt(ROOT + "/d/b");
    ChecksumSelection region = new ChecksumSelection(false, Set.of(), Set.of("d"));

    Verification v = verify(WHOLE, Map.of(ROOT, region), Set.of(ROOT));

    assertThat(v.mismatches()).containsExactly("/r/d/b: checksum");
    assertThat(v.entriesCompared()).isEqualTo(3); // d, d/b, d/c
  }

  @Test
  void onlyTheScopeOfASharedRootIsCompared() {
    secondary.write(ROOT + "/out/x", "changed outside the group");
    secondary.delete(ROOT + "/a");
    SnapshotRoot scoped = new SnapshotRoot(ROOT, List.of("d"));

    Verification v = verify(scoped, Map.of(), Set.of());

    assertThat(v.ok()).isTrue();
    assertThat(v.entriesCompared()).isEqualTo(3);
  }

  @Test
  void manyDifferencesAreCountedInFullAndListedUpToABound() {
    for (int i = 0; i < 25; i++) {
      secondary.write(ROOT + "/extra/f" + i, "x");
    }

    Verification v = verifyAll();

    assertThat(v.mismatches()).hasSize(20);
    assertThat(v.mismatchCount()).isEqualTo(26); // the directory and its 25 files
    assertThat(v.ok()).isFalse();
  }
}
