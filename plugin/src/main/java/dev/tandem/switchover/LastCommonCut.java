package dev.tandem.switchover;

import dev.tandem.engine.SiteHandle;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SnapshotRoot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Finds where reverse replication can start after a failover, and makes both registries agree on it.
 *
 * <p>Rules, per group:
 * <ol>
 *   <li>The site that was the target before the failover (now the source) holds the truth about which cuts were
 *   committed: commits write the target first, and its promotion dropped everything newer than its last good
 *   cut.</li>
 *   <li>The last common cut is the newest of those committed cuts whose snapshot {@code tandem-<group>-<cut>}
 *   exists on both sites for every root. Its content is equal on both: both snapshots were verified equal when it
 *   was committed, and snapshots do not change.</li>
 *   <li>Before the first reverse run, both registries name that cut as the last good cut and hold its record.
 *   The run itself then discards newer cuts on the old primary, keeps the old primary's divergent state as a
 *   drift snapshot and rolls it back to the common cut, and copies the snapshot diff since it.</li>
 *   <li>Without a common cut, both registries name the source's last good cut (so the run's commit can move
 *   them) and the run copies in full; its report says why.</li>
 * </ol>
 */
final class LastCommonCut {
  private LastCommonCut() {}

  static Optional<Cut> find(SiteHandle source, SiteHandle target, GroupName group) {
    Optional<CutId> pointer = source.registry().lastGoodCut(group);
    if (pointer.isEmpty()) {
      return Optional.empty();
    }
    List<Cut> committed = new ArrayList<>(source.registry().cuts(group));
    Collections.reverse(committed);
    for (Cut c : committed) {
      if (c.id().compareTo(pointer.get()) <= 0 && onBoth(source, target, c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static boolean onBoth(SiteHandle a, SiteHandle b, Cut cut) {
    for (SnapshotRoot root : cut.roots()) {
      for (SiteHandle site : List.of(a, b)) {
        if (!site.files().isDirectory(root.path()) || !site.files().hasSnapshot(root.path(), cut.snapshotName())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Makes both registries name {@code common} (or, without one, the source's last good cut). Returns notes. */
  static List<String> align(SiteHandle source, SiteHandle target, GroupName group, Optional<Cut> common) {
    List<String> notes = new ArrayList<>();
    Optional<Cut> start = common.or(() -> source.registry().lastGoodCut(group)
        .flatMap(id -> source.registry().cut(group, id)));
    if (common.isEmpty()) {
      notes.add("Group " + group + ": no cut exists on both " + source.site().id() + " and " + target.site().id()
          + "; the first reverse run copies it in full");
    }
    if (start.isEmpty()) {
      return notes;
    }
    Cut cut = start.get();
    for (SiteHandle site : List.of(source, target)) {
      site.registry().putCut(cut);
      Optional<CutId> now = site.registry().lastGoodCut(group);
      if (!now.equals(Optional.of(cut.id()))) {
        site.registry().moveLastGoodCut(group, now, cut.id());
        notes.add("Group " + group + ": last good cut in the registry of " + site.site().id() + " set from "
            + now.map(CutId::value).orElse("none") + " to " + cut.id());
      }
    }
    return notes;
  }
}
