package dev.tandem.switchover;

import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.Scope;
import dev.tandem.engine.SiteHandle;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings a promoted site's copy of a group back to the group's last good cut, alone: the other site may be gone.
 * The site's registry names the cut (commits write the target's registry first, so it is the truth); cut records
 * and snapshots newer than it belong to a run that never committed and are dropped; whatever changed since the
 * cut's snapshot (a half-applied copy) is kept as snapshot {@code tandem-<group>-drift-<time>}, then reverted from
 * the site's own snapshot ({@code distcp -rdiff}, source and target the same cluster).
 *
 * <p>Idempotent: a retried promotion finds the content already equal to the cut (a rolled-back tree has new
 * inodes, so HDFS still reports a difference; the content comparison decides) and does nothing.
 */
final class HdfsRollback {
  /** What happened to one group. */
  record Outcome(Optional<Cut> cut, List<String> keptAs, List<String> notes) {}

  private final SiteHandle site;
  private final FileReplicator self;
  private final Clock clock;

  /** @param self replicator from the site to itself, used for {@link FileReplicator#rollback} */
  HdfsRollback(SiteHandle site, FileReplicator self, Clock clock) {
    this.site = site;
    this.self = self;
    this.clock = clock;
  }

  Outcome apply(ProtectionGroup group) {
    List<String> notes = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    Optional<CutId> id = site.registry().lastGoodCut(group.name());
    if (id.isEmpty()) {
      notes.add("Group " + group.name() + " has no committed cut on " + site.site().id()
          + ": its directories there are left as they are");
      return new Outcome(Optional.empty(), kept, notes);
    }
    Cut cut = site.registry().cut(group.name(), id.get()).orElseThrow(() -> new TandemException("Registry of "
        + site.site().id() + " names last good cut " + id.get() + " of group " + group.name()
        + " but holds no record of it"));
    for (Cut newer : site.registry().cuts(group.name())) {
      if (newer.id().compareTo(cut.id()) > 0) {
        site.registry().deleteCut(group.name(), newer.id());
        notes.add("Dropped the record of uncommitted cut " + newer.id() + " of group " + group.name());
      }
    }
    for (SnapshotRoot root : cut.roots()) {
      if (!site.files().isDirectory(root.path()) || !site.files().hasSnapshot(root.path(), cut.snapshotName())) {
        throw new TandemException("Cannot promote " + site.site().id() + ": snapshot " + cut.snapshotName()
            + " of group " + group.name() + " is missing under " + root.path() + "; the last good cut is not there");
      }
      discardNewer(group, root, cut, notes);
      rollBack(group, root, cut, kept, notes);
    }
    return new Outcome(Optional.of(cut), kept, notes);
  }

  private void discardNewer(ProtectionGroup group, SnapshotRoot root, Cut cut, List<String> notes) {
    for (String name : site.files().snapshots(root.path())) {
      Optional<CutId> other = CutId.fromSnapshotName(group.name(), name);
      if (other.isPresent() && other.get().compareTo(cut.id()) > 0) {
        site.files().deleteSnapshot(root.path(), name);
        notes.add("Discarded snapshot " + name + " of " + root.path() + " (sealed by a run that never committed)");
      }
    }
  }

  private void rollBack(ProtectionGroup group, SnapshotRoot root, Cut cut, List<String> kept, List<String> notes) {
    Scope scope = Scope.of(root);
    TreeDiff drift = site.files().diff(root.path(), cut.snapshotName(), "").within(scope);
    if (drift.isEmpty() || sameContent(root, cut, drift)) {
      return;
    }
    String keepAs = CutId.driftSnapshotName(group.name(), clock.instant());
    self.rollback(root, cut.snapshotName(), keepAs);
    if (!sameContent(root, cut, drift)) {
      throw new TandemException("Rollback of " + site.site().id() + ":" + root.path() + " to cut " + cut.id()
          + " did not restore its content; the site needs attention (its state before is snapshot " + keepAs + ")");
    }
    kept.add(root.path() + "/.snapshot/" + keepAs);
    notes.add("Rolled back " + drift.entries().size() + " change(s) on " + site.site().id() + ":" + root.path()
        + " made after cut " + cut.id() + "; the state before is kept as snapshot " + keepAs);
  }

  /** Listing of the whole scope, checksums of what the drift touched, against the cut's own snapshot. */
  private boolean sameContent(SnapshotRoot root, Cut cut, TreeDiff drift) {
    Scope scope = Scope.of(root);
    ChecksumSelection touched = drift.changedPaths();
    Manifest now = site.manifests().read(root.path(), "", scope, touched);
    Manifest then = site.manifests().read(root.path(), cut.snapshotName(), scope, touched);
    return now.equals(then);
  }
}
