package dev.tandem.hdfs;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.SnapshotStore;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.Paths;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * HDFS to HDFS replication. Full copies and rollbacks always run as DistCp jobs; an incremental copy runs
 * in-process when its diff is below {@link DirectCopyLimits} (a DistCp job costs seconds before it copies a
 * byte) and as {@code distcp -diff} otherwise.
 */
public final class HdfsFileReplicator implements FileReplicator {
  private final DistCpFileCopier distCp;
  private final DirectDiffCopier direct;
  private final FileSystem source;
  private final SnapshotStore targetSnapshots;
  private final DirectCopyLimits limits;

  public HdfsFileReplicator(DistCpFileCopier distCp, DirectDiffCopier direct, FileSystem source,
      SnapshotStore targetSnapshots, DirectCopyLimits limits) {
    this.distCp = distCp;
    this.direct = direct;
    this.source = source;
    this.targetSnapshots = targetSnapshots;
    this.limits = limits;
  }

  @Override
  public CopyOutcome copyFull(SnapshotRoot root, String snapshot, ProgressListener progress) {
    return distCp.copyFull(root, snapshot, progress);
  }

  @Override
  public CopyOutcome copyDiff(SnapshotRoot root, String from, String to, TreeDiff diff, ProgressListener progress) {
    if (fitsDirect(root, to, diff)) {
      return direct.copyDiff(root, from, to, diff, progress);
    }
    return distCp.copyDiff(root, from, to, diff, progress);
  }

  @Override
  public CopyOutcome rollback(SnapshotRoot root, String snapshot, String keepAs) {
    targetSnapshots.createSnapshot(root.path(), keepAs);
    return distCp.rollback(root, keepAs, snapshot);
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
