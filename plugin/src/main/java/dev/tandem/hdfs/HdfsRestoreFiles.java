package dev.tandem.hdfs;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RestoreFiles;
import dev.tandem.model.RestoreEntry;
import dev.tandem.model.TandemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * {@link RestoreFiles} over one site's HDFS: the cut's snapshot and the restore's target are on the same file
 * system, so the copy is {@link DirectCopier#copyTree} with that file system on both ends (owner, group,
 * permission, ACL, xattrs and times as the snapshot has them).
 */
public final class HdfsRestoreFiles implements RestoreFiles {
  private final DistributedFileSystem fs;
  private final DirectCopier copier;

  public HdfsRestoreFiles(DistributedFileSystem fs, ExecutorService pool) {
    this.fs = fs;
    this.copier = new DirectCopier(fs, fs, new HdfsSnapshotStore(fs), pool);
  }

  @Override
  public Optional<RestoreEntry> stat(String path) {
    try {
      return Optional.of(entry(fs.getFileStatus(new Path(path))));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failed("stat", path, e);
    }
  }

  @Override
  public Optional<Summary> summary(String path) {
    try {
      org.apache.hadoop.fs.ContentSummary c = fs.getContentSummary(new Path(path));
      return Optional.of(new Summary(c.getFileCount(), c.getDirectoryCount(), c.getLength()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failed("count the files of", path, e);
    }
  }

  @Override
  public Listing list(String path, int limit) {
    List<RestoreEntry> out = new ArrayList<>();
    long total = 0;
    try {
      Deque<FileStatus> todo = new ArrayDeque<>(List.of(fs.getFileStatus(new Path(path))));
      while (!todo.isEmpty()) {
        FileStatus st = todo.pop();
        total++;
        if (out.size() < limit) {
          out.add(entry(st));
        }
        if (st.isDirectory()) {
          FileStatus[] children = fs.listStatus(st.getPath());
          for (int i = children.length - 1; i >= 0; i--) {
            todo.push(children[i]);
          }
        }
      }
      return new Listing(out, total);
    } catch (IOException e) {
      throw failed("list", path, e);
    }
  }

  @Override
  public CopyOutcome copy(String source, String target) {
    return copier.copyTree(source, target, ProgressListener.NONE);
  }

  private static RestoreEntry entry(FileStatus st) {
    return new RestoreEntry(Path.getPathWithoutSchemeAndAuthority(st.getPath()).toString(), st.isDirectory(),
        st.isDirectory() ? 0 : st.getLen());
  }

  private TandemException failed(String what, String path, IOException e) {
    return new TandemException("HDFS " + fs.getUri() + ": cannot " + what + " " + path + ": " + e.getMessage(), e);
  }
}
