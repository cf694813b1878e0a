package dev.tandem.engine;

import dev.tandem.model.SnapshotRoot;
import java.util.Set;

/**
 * Moves a root's content from the primary to the same path on the secondary. Every method leaves the target
 * equal to the named source snapshot within the root's scope when it returns normally; when it throws, the
 * target is in an unknown intermediate state that {@link #rollback} repairs.
 */
public interface FileReplicator {
  /**
   * Makes the target equal to the source snapshot, copying what differs and deleting what is extra.
   *
   * @param byName files the caller copies by name afterwards ({@link #copyFiles}), such as files still being
   *     written: a bulk copy may leave them out, and must where it would fail on a file that grows under it
   */
  CopyOutcome copyFull(SnapshotRoot root, String snapshot, Set<String> byName, ProgressListener progress);

  /**
   * Applies the changes from {@code from} to {@code to}. Precondition: the target holds snapshot {@code from}
   * and has not changed since.
   *
   * @param byName as for {@link #copyFull}
   */
  CopyOutcome copyDiff(SnapshotRoot root, String from, String to, TreeDiff diff, Set<String> byName,
      ProgressListener progress);

  /**
   * Copies the named files again, whole, from the source snapshot, whatever the target holds: the files a
   * snapshot diff cannot vouch for (open at an earlier cut) or that a check found different. A name absent
   * from the snapshot is removed from the target; one outside the root's scope is ignored. Attributes are set
   * as in every other copy.
   *
   * @param paths relative to the root
   */
  CopyOutcome copyFiles(SnapshotRoot root, String snapshot, java.util.Collection<String> paths,
      ProgressListener progress);

  /** Restores the target to its own snapshot {@code snapshot}; {@code keepAs} preserves the drift first. */
  CopyOutcome rollback(SnapshotRoot root, String snapshot, String keepAs);
}
