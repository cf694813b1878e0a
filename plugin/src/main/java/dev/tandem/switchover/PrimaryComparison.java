package dev.tandem.switchover;

import dev.tandem.engine.CutVerifier;
import dev.tandem.engine.SiteHandle;
import dev.tandem.model.Cut;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.Verification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Compares a promoted site's copy of a cut with the old primary's snapshot of the same cut
 * ({@code .snapshot/tandem-<group>-<cutId>} on both sites), root by root: every listing entry and every
 * COMPOSITE_CRC checksum, files open at the cut as {@link CutVerifier} compares them. The promoted site's own seal
 * (its data equals its snapshot) cannot reveal a copy that was already short or wrong when it was sealed; this can.
 */
public final class PrimaryComparison {
  /**
   * @param comparedWithPrimary false when the primary could not be read (or holds no snapshot of the cut): only
   *     the secondary's own seal was checked
   * @param differences the first differences found (bounded)
   * @param differenceCount how many differences were found in all
   * @param summary one line saying which comparison was done and its outcome
   */
  public record Result(boolean comparedWithPrimary, List<String> differences, long differenceCount, String summary) {
    public Result {
      differences = List.copyOf(differences);
    }

    public boolean equal() {
      return differenceCount == 0;
    }
  }

  private PrimaryComparison() {}

  /**
   * @param primary opens the old primary; any failure to open or read it means "unreachable"
   * @param promoted the promoted site, holding its sealed snapshot of {@code cut}
   */
  public static Result compare(Supplier<SiteHandle> primary, SiteHandle promoted, Cut cut) {
    String snapshot = cut.snapshotName();
    Verification v;
    try {
      SiteHandle p = primary.get();
      Map<String, Long> snapshotTimes = new HashMap<>();
      for (SnapshotRoot root : cut.roots()) {
        if (!p.files().hasSnapshot(root.path(), snapshot)) {
          return unreachable("the primary holds no snapshot " + snapshot + " of " + root.path());
        }
        if (!cut.openFiles().capture().frozen()) {
          snapshotTimes.put(root.path(), p.files().snapshotTime(root.path(), snapshot));
        }
      }
      v = new CutVerifier(p.manifests(), promoted.manifests()).verify(cut.roots(), snapshot, Map.of(), Set.of(),
          cut.openFiles(), snapshotTimes);
    } catch (RuntimeException e) {
      return unreachable(e.getMessage());
    }
    String summary = "compared with the primary's snapshot of cut " + cut.id() + ": " + v.entriesCompared()
        + " entries, " + v.checksumsCompared() + " checksums, " + (v.ok() ? "equal"
            : v.mismatchCount() + " difference(s)");
    return new Result(true, v.mismatches(), v.mismatchCount(), summary);
  }

  private static Result unreachable(String why) {
    return new Result(false, List.of(), 0, "primary unreachable (" + why + "): compared with the secondary's own "
        + "seal only");
  }
}
