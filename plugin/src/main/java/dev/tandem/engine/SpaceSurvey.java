package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SiteSpace;
import dev.tandem.model.SnapshotKind;
import dev.tandem.model.TandemException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Measures what a group's snapshots hold on one site beyond the live tree (see {@link SiteSpace}). Runs outside any
 * run, reads only (snapshot listings, snapshot diffs against the live tree, listings of what they deleted), and lists
 * at most {@code maxFiles} files per site, so its cost is bounded whatever the trees hold.
 *
 * <p>Every snapshot of the group's roots is looked at, others' too: a file that an operator's snapshot also holds is
 * not freed by deleting a cut, so it is not exclusive to that cut.
 */
public final class SpaceSurvey {
  private final int maxFiles;

  public SpaceSurvey(int maxFiles) {
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be at least 1: " + maxFiles);
    }
    this.maxFiles = maxFiles;
  }

  public SiteSpace survey(SiteHandle site, GroupName group) {
    try {
      SpaceLedger ledger = new SpaceLedger();
      int budget = maxFiles;
      boolean complete = true;
      long hdfs = 0;
      for (String root : roots(site, group)) {
        if (!site.files().isDirectory(root)) {
          continue;
        }
        for (String name : site.files().snapshots(root)) {
          if (budget <= 0) {
            complete = false;
            break;
          }
          HeldFiles held = site.files().heldBeyondLive(root, name, budget);
          complete &= held.complete();
          budget -= held.bytesByFile().size();
          ledger.add(root, name, kind(group, name), held);
        }
        long own = site.files().snapshotOnlyBytes(root);
        hdfs = hdfs < 0 || own < 0 ? -1 : hdfs + own;
      }
      return new SiteSpace(site.site().id(), ledger.held(SnapshotKind.CUT), ledger.held(SnapshotKind.DRIFT), hdfs,
          site.files().space().orElse(null), complete,
          ledger.holdings().stream().filter(h -> h.kind() != SnapshotKind.OTHER).toList(), null);
    } catch (TandemException e) {
      return SiteSpace.unknown(site.site().id(), e.getMessage());
    }
  }

  static SnapshotKind kind(GroupName group, String name) {
    if (CutId.fromSnapshotName(group, name).isPresent()) {
      return SnapshotKind.CUT;
    }
    return CutId.driftTime(group, name).isPresent() ? SnapshotKind.DRIFT : SnapshotKind.OTHER;
  }

  /** The roots the site's cut records of the group name. */
  private static Set<String> roots(SiteHandle site, GroupName group) {
    Set<String> out = new TreeSet<>();
    for (Cut cut : site.registry().cuts(group)) {
      cut.roots().forEach(r -> out.add(r.path()));
    }
    return out;
  }
}
