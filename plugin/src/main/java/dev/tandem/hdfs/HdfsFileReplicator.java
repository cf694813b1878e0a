package dev.tandem.hdfs;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.Scope;
import dev.tandem.engine.SnapshotStore;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.Paths;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * HDFS to HDFS replication. A copy runs in-process when what it moves is below {@link DirectCopyLimits} (a
 * DistCp job costs seconds before it copies a byte), otherwise as a DistCp job: {@code -update -delete} for a
 * full copy, {@code -update -diff} for an incremental one. Rollbacks always use {@code distcp -rdiff}. The
 * in-process copier reads a file being written as far as it is visible, so it copies the files the caller takes
 * by name as well; a DistCp job leaves them out, because its mappers fail a file whose length changes under them.
 */
public final class HdfsFileReplicator implements FileReplicator {
  private final DistCpFileCopier distCp;
  private final DirectCopier direct;
  private final FileSystem source;
  private final SnapshotStore targetSnapshots;
  private final DirectCopyLimits limits;

  public HdfsFileReplicator(DistCpFileCopier distCp, DirectCopier direct, FileSystem source,
      SnapshotStore targetSnapshots, DirectCopyLimits limits) {
    this.distCp = distCp;
    this.direct = direct;
    this.source = source;
    this.targetSnapshots = targetSnapshots;
    this.limits = limits;
  }

  @Override
  public CopyOutcome copyFull(SnapshotRoot root, String snapshot, Set<String> byName, ProgressListener progress) {
    if (fitsDirect(root, snapshot)) {
      return direct.copyFull(root, snapshot, progress);
    }
    return distCp.copyFull(root, snapshot, byName, progress);
  }

  @Override
  public CopyOutcome copyDiff(SnapshotRoot root, String from, String to, TreeDiff diff, Set<String> byName,
      ProgressListener progress) {
    if (fitsDirect(root, to, diff)) {
      return direct.copyDiff(root, from, to, diff, progress);
    }
    return distCp.copyDiff(root, from, to, diff, byName, progress);
  }

  /** Always in-process: these are single files named one by one, never a tree worth a job. */
  @Override
  public CopyOutcome copyFiles(SnapshotRoot root, String snapshot, java.util.Collection<String> paths,
      ProgressListener progress) {
    return direct.copyFiles(root, snapshot, paths, progress);
  }

  @Override
  public CopyOutcome rollback(SnapshotRoot root, String snapshot, String keepAs) {
    targetSnapshots.createSnapshot(root.path(), keepAs);
    return distCp.rollback(root, keepAs, snapshot);
  }

  /** Sizes the scoped part of the snapshot with one content-summary call per protected directory. */
  boolean fitsDirect(SnapshotRoot root, String snapshot) {
    long files = 0;
    long bytes = 0;
    try {
      for (String prefix : Scope.of(root).prefixes()) {
        Path p = new Path(Paths.join(root.path() + "/.snapshot/" + snapshot, prefix));
        var summary = source.getContentSummary(p);
        files += summary.getFileCount();
        bytes += summary.getLength();
      }
    } catch (IOException e) {
      throw new TandemException("Cannot size " + root.path() + "@" + snapshot + ": " + e.getMessage(), e);
    }
    return files <= limits.maxFiles() && bytes <= limits.maxBytes();
  }

  /** Counts what the diff would copy; a created directory is sized by one content-summary call. */
  boolean fitsDirect(SnapshotRoot root, String to, TreeDiff diff) {
    if (diff.entries().size() > limits.maxEntries()) {
      return false;
    }
    long files = 0;
    long bytes = 0;
    try {
      for (TreeDiff.Entry e : diff.entries()) {
        if (e.type() != TreeDiff.Type.CREATE && e.type() != TreeDiff.Type.MODIFY) {
          continue;
        }
        Path p = new Path(Paths.join(root.path() + "/.snapshot/" + to, diff.inNewer(e.path())));
        if (!source.exists(p)) {
          continue;
        }
        var summary = source.getContentSummary(p);
        files += summary.getFileCount();
        bytes += summary.getLength();
        if (files > limits.maxFiles() || bytes > limits.maxBytes()) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new TandemException("Cannot size the diff of " + root.path() + ": " + e.getMessage(), e);
    }
    return true;
  }
}
