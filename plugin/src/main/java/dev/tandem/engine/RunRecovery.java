package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Brings a group back to its last good cut after any earlier failure, so that every run starts from a
 * known state: the secondary's registry decides which cut is committed (commits write it first), cuts
 * newer than that are discarded on both sides, and changes on the secondary since the cut are rolled back.
 */
final class RunRecovery {
  private final SiteHandle primary;
  private final SiteHandle secondary;
  private final FileReplicator replicator;
  private final Clock clock;

  RunRecovery(SiteHandle primary, SiteHandle secondary, FileReplicator replicator, Clock clock) {
    this.primary = primary;
    this.secondary = secondary;
    this.replicator = replicator;
    this.clock = clock;
  }

  /** Returns the last good cut, if any, after reconciling; notes say what was repaired. */
  Optional<Cut> recover(GroupName group, List<SnapshotRoot> planned, List<String> notes) {
    Optional<CutId> committed = secondary.registry().lastGoodCut(group);
    Optional<CutId> onPrimary = primary.registry().lastGoodCut(group);
    if (!committed.equals(onPrimary) && committed.isPresent()) {
      primary.registry().moveLastGoodCut(group, onPrimary, committed.get());
      notes.add("Primary registry's last good cut moved from " + onPrimary.map(CutId::value).orElse("none")
          + " to " + committed.get() + " (an earlier commit stopped half-way)");
    }
    Optional<Cut> last = committed.flatMap(id -> secondary.registry().cut(group, id));
    if (committed.isPresent() && last.isEmpty()) {
      throw new TandemException("Registry of " + secondary.site().id() + " names last good cut " + committed.get()
          + " of group " + group + " but holds no record of it");
    }
    Set<String> roots = new LinkedHashSet<>();
    planned.forEach(r -> roots.add(r.path()));
    last.ifPresent(c -> c.roots().forEach(r -> roots.add(r.path())));
    Optional<CutId> keep = last.map(Cut::id);
    for (String root : roots) {
      discardNewer(primary, group, root, keep, notes);
      if (secondary.files().isDirectory(root)) {
        discardNewer(secondary, group, root, keep, notes);
      }
    }
    for (SiteHandle site : List.of(primary, secondary)) {
      for (Cut c : site.registry().cuts(group)) {
        if (last.isEmpty() || c.id().compareTo(last.get().id()) > 0) {
          site.registry().deleteCut(group, c.id());
        }
      }
    }
    last.ifPresent(cut -> rollBackDrift(cut, notes));
    return last;
  }

  private void discardNewer(SiteHandle site, GroupName group, String root, Optional<CutId> keep,
      List<String> notes) {
    List<String> discarded = new ArrayList<>();
    for (String name : site.files().snapshots(root)) {
      Optional<CutId> cut = CutId.fromSnapshotName(group, name);
      if (cut.isPresent() && (keep.isEmpty() || cut.get().compareTo(keep.get()) > 0)) {
        site.files().deleteSnapshot(root, name);
        discarded.add(name);
      }
    }
    if (!discarded.isEmpty()) {
      notes.add("Discarded uncommitted snapshots on " + site.site().id() + ":" + root + " " + discarded);
    }
  }

  /**
   * A rolled-back tree has the cut's content but new inodes, so HDFS would report it as changed since the
   * cut's snapshot forever after. Once the content is verified equal to the primary's cut, the secondary's
   * snapshot of the cut is taken again. A crash between delete and create leaves no common snapshot for the
   * root, which the next run reports and answers with a full (skip-identical) copy.
   */
  private void reseal(SnapshotRoot root, Cut last) {
    Scope scope = Scope.of(root);
    ChecksumSelection all = ChecksumSelection.everything();
    Manifest expected = primary.manifests().read(root.path(), last.snapshotName(), scope, all);
    Manifest actual = secondary.manifests().read(root.path(), "", scope, all);
    if (!expected.equals(actual)) {
      throw new TandemException("Rollback of " + secondary.site().id() + ":" + root.path() + " to cut " + last.id()
          + " did not restore its content; the secondary needs attention");
    }
    secondary.files().deleteSnapshot(root.path(), last.snapshotName());
    secondary.files().createSnapshot(root.path(), last.snapshotName());
  }

  private void rollBackDrift(Cut last, List<String> notes) {
    for (SnapshotRoot root : last.roots()) {
      if (!secondary.files().hasSnapshot(root.path(), last.snapshotName())) {
        continue;
      }
      TreeDiff drift = secondary.files().diff(root.path(), last.snapshotName(), "").within(Scope.of(root));
      if (!drift.isEmpty()) {
        String keptAs = CutId.driftSnapshotName(last.group(), clock.instant());
        replicator.rollback(root, last.snapshotName(), keptAs);
        reseal(root, last);
        notes.add("Rolled back " + drift.entries().size() + " change(s) on " + secondary.site().id() + ":"
            + root.path() + " made after cut " + last.id() + "; the changed state is kept as snapshot " + keptAs);
      }
    }
  }
}
