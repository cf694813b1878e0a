package dev.tandem.hdfs;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.Scope;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.Progress;
import dev.tandem.model.RunStep;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.tools.DistCp;
import org.apache.hadoop.tools.DistCpConstants;
import org.apache.hadoop.tools.DistCpOptions;
import org.apache.hadoop.tools.mapred.CopyMapper;

/**
 * Copies with a real DistCp job: on YARN in production, with the local job runner in the sandbox (whatever
 * {@code mapreduce.framework.name} of the job configuration says). Owner, group, permission, ACLs, xattrs and
 * times are preserved. Files are written in place ({@code -direct}): DistCp's write-to-temporary-then-rename
 * makes each file atomic, which Tandem does not need because a copy only becomes visible as a whole, sealed and
 * verified cut, and a half-done copy is repaired by the next run. Progress is read from the job's counters.
 */
public final class DistCpFileCopier {
  private static final long POLL_MS = 250;
  private static final int LISTING_THREADS = 8;
  private static final DistCpOptions.FileAttribute[] PRESERVED = {
      DistCpOptions.FileAttribute.USER, DistCpOptions.FileAttribute.GROUP,
      DistCpOptions.FileAttribute.PERMISSION, DistCpOptions.FileAttribute.ACL,
      DistCpOptions.FileAttribute.XATTR, DistCpOptions.FileAttribute.TIMES};

  private final Configuration jobConf;
  private final String sourceUri;
  private final String targetUri;

  /**
   * @param jobConf configuration of the DistCp job (framework, queue, staging); its file systems are
   *     addressed by the fully qualified URIs below
   */
  public DistCpFileCopier(Configuration jobConf, String sourceUri, String targetUri) {
    this.jobConf = jobConf;
    this.sourceUri = sourceUri;
    this.targetUri = targetUri;
  }

  /** {@code distcp -update -delete <root>/.snapshot/<snapshot> <root>} within the scope. */
  public CopyOutcome copyFull(SnapshotRoot root, String snapshot, Set<String> leaveOut, ProgressListener progress) {
    DistCpOptions options = preserving(new DistCpOptions.Builder(
        List.of(new Path(sourceUri + root.path() + "/.snapshot/" + snapshot)), target(root)))
        .withSyncFolder(true)
        .withDeleteMissing(true)
        .build();
    return run(root, options, leaveOut, progress, 0, 0);
  }

  /** {@code distcp -update -diff <from> <to> <root> <root>} within the scope. */
  public CopyOutcome copyDiff(SnapshotRoot root, String from, String to, TreeDiff diff, Set<String> leaveOut,
      ProgressListener progress) {
    DistCpOptions options = preserving(new DistCpOptions.Builder(List.of(new Path(sourceUri + root.path())), target(root)))
        .withSyncFolder(true)
        .withUseDiff(from, to)
        .build();
    return run(root, options, leaveOut, progress, diff.count(TreeDiff.Type.DELETE),
        diff.count(TreeDiff.Type.RENAME));
  }

  /**
   * Restores the target to its snapshot {@code snapshot}: the target's own diff since then is reversed and
   * modified files come back from the same-named snapshot on the source ({@code distcp -rdiff}).
   */
  public CopyOutcome rollback(SnapshotRoot root, String currentSnapshot, String snapshot) {
    DistCpOptions options = preserving(new DistCpOptions.Builder(List.of(new Path(sourceUri + root.path())), target(root)))
        .withSyncFolder(true)
        .withUseRdiff(currentSnapshot, snapshot)
        .build();
    return run(root, options, Set.of(), ProgressListener.NONE, 0, 0);
  }

  private static DistCpOptions.Builder preserving(DistCpOptions.Builder builder) {
    builder.withDirectWrite(true).withNumListstatusThreads(LISTING_THREADS);
    for (DistCpOptions.FileAttribute a : PRESERVED) {
      builder.preserve(a);
    }
    return builder;
  }

  private Path target(SnapshotRoot root) {
    return new Path(targetUri + root.path());
  }

  private CopyOutcome run(SnapshotRoot root, DistCpOptions options, Set<String> leaveOut, ProgressListener progress,
      long deleted, long renamed) {
    Configuration conf = new Configuration(jobConf);
    Scope scope = Scope.of(root);
    if (!scope.isWhole() || !leaveOut.isEmpty()) {
      ScopeCopyFilter.configure(conf, root.path(), scope, leaveOut);
    }
    try {
      DistCp distCp = new DistCp(conf, options);
      Job job = distCp.createAndSubmitJob();
      long filesTotal = job.getConfiguration().getLong(DistCpConstants.CONF_LABEL_TOTAL_NUMBER_OF_RECORDS, 0);
      long bytesTotal = job.getConfiguration().getLong(DistCpConstants.CONF_LABEL_TOTAL_BYTES_TO_BE_COPIED, 0);
      while (!job.isComplete()) {
        report(job, progress, filesTotal, bytesTotal);
        Thread.sleep(POLL_MS);
      }
      if (!job.isSuccessful()) {
        throw new TandemException("DistCp job " + job.getJobID() + " for " + root.path() + " failed: "
            + job.getStatus().getFailureInfo());
      }
      Counters counters = job.getCounters();
      long files = counters.findCounter(CopyMapper.Counter.COPY).getValue();
      long bytes = counters.findCounter(CopyMapper.Counter.BYTESCOPIED).getValue();
      progress.onProgress(new Progress(RunStep.REPLICATE, files, Math.max(files, filesTotal), bytes,
          Math.max(bytes, bytesTotal)));
      return new CopyOutcome(CopyMethod.DISTCP, files, bytes, deleted, renamed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TandemException("Interrupted while copying " + root.path(), e);
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw new TandemException("DistCp of " + root.path() + " from " + sourceUri + " to " + targetUri + " failed: "
          + e.getMessage(), e);
    }
  }

  private static void report(Job job, ProgressListener progress, long filesTotal, long bytesTotal) {
    try {
      Counters c = job.getCounters();
      if (c != null) {
        progress.onProgress(new Progress(RunStep.REPLICATE, c.findCounter(CopyMapper.Counter.COPY).getValue(),
            filesTotal, c.findCounter(CopyMapper.Counter.BYTESCOPIED).getValue(), bytesTotal));
      }
    } catch (IOException e) {
      // progress is best effort; the job's own outcome is checked when it completes
    }
  }
}
