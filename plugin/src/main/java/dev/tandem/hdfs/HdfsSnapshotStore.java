package dev.tandem.hdfs;

import dev.tandem.engine.HeldFiles;
import dev.tandem.engine.SnapshotStore;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.TandemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import dev.tandem.model.FsSpace;
import dev.tandem.model.OpenFileCapture;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FsStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.protocol.OpenFileEntry;
import org.apache.hadoop.hdfs.protocol.OpenFilesIterator.OpenFilesType;
import org.apache.hadoop.hdfs.DFSUtilClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport;
import org.apache.hadoop.hdfs.protocol.SnapshotException;

/** {@link SnapshotStore} over a {@link DistributedFileSystem}. */
public final class HdfsSnapshotStore implements SnapshotStore {
  /** Where the open-file probe makes its scratch directory: Tandem's own tree, never a protected one. */
  public static final String PROBE_DIR = "/tandem/probe";
  private final DistributedFileSystem fs;

  public HdfsSnapshotStore(DistributedFileSystem fs) {
    this.fs = fs;
  }

  /**
   * Asks the NameNode for the files under {@code root} that have a lease (HDFS-11848, Hadoop 3.1+), which needs
   * HDFS superuser rights.
   */
  @Override
  public List<String> openFiles(String root) {
    String prefix = root.endsWith("/") ? root : root + "/";
    try {
      List<String> out = new ArrayList<>();
      // The call HdfsAdmin makes, on this client rather than on a second cached one.
      RemoteIterator<OpenFileEntry> it = fs.listOpenFiles(EnumSet.of(OpenFilesType.ALL_OPEN_FILES), root);
      while (it.hasNext()) {
        String path = it.next().getFilePath();
        if (path.startsWith(prefix)) {
          out.add(path.substring(prefix.length()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new TandemException("HDFS " + uri() + ": cannot list the files open for write under " + root
          + " (Tandem needs HDFS superuser rights and Hadoop 3.1 or later for this): " + e.getMessage(), e);
    }
  }

  @Override
  public OpenFileCapture openFileCapture() {
    return OpenFileCaptureProbe.of(fs, PROBE_DIR);
  }

  @Override
  public long snapshotTime(String root, String name) {
    try {
      return fs.getFileStatus(new Path(snapshotDir(root), name)).getModificationTime();
    } catch (IOException e) {
      throw failed("read snapshot " + name + " of", root, e);
    }
  }

  @Override
  public String uri() {
    return fs.getUri().toString();
  }

  @Override
  public boolean isDirectory(String path) {
    try {
      return fs.getFileStatus(new Path(path)).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw failed("stat", path, e);
    }
  }

  @Override
  public void mkdirs(String path) {
    try {
      fs.mkdirs(new Path(path));
    } catch (IOException e) {
      throw failed("create directory", path, e);
    }
  }

  @Override
  public Optional<String> snapshottableRootOf(String path) {
    try {
      for (Path p = new Path(path); p != null; p = p.getParent()) {
        FileStatus st = fs.getFileStatus(p);
        if (st.isSnapshotEnabled() && (!p.isRoot() || rootAllowsSnapshots())) {
          return Optional.of(Path.getPathWithoutSchemeAndAuthority(p).toString());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw failed("find the snapshottable root of", path, e);
    }
  }

  /**
   * HDFS marks "/" snapshot-enabled with a quota of 0 until an administrator allows snapshots on it; only then
   * is it listed as snapshottable.
   */
  private boolean rootAllowsSnapshots() throws IOException {
    var listing = fs.getSnapshottableDirListing();
    if (listing == null) {
      return false;
    }
    for (var dir : listing) {
      if (dir.getFullPath().isRoot() && dir.getSnapshotQuota() > 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void allowSnapshot(String path) {
    try {
      if (snapshottableRootOf(path).filter(path::equals).isEmpty()) {
        fs.allowSnapshot(new Path(path));
      }
    } catch (IOException e) {
      throw failed("allow snapshots on", path, e);
    }
  }

  @Override
  public List<String> snapshots(String root) {
    try {
      List<FileStatus> list = new ArrayList<>(List.of(fs.listStatus(snapshotDir(root))));
      list.sort(Comparator.comparingLong(FileStatus::getModificationTime)
          .thenComparing(s -> s.getPath().getName()));
      return list.stream().map(s -> s.getPath().getName()).toList();
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw failed("list snapshots of", root, e);
    }
  }

  @Override
  public boolean hasSnapshot(String root, String name) {
    try {
      return fs.exists(new Path(snapshotDir(root), name));
    } catch (IOException e) {
      throw failed("look up snapshot " + name + " of", root, e);
    }
  }

  @Override
  public void createSnapshot(String root, String name) {
    try {
      if (!hasSnapshot(root, name)) {
        fs.createSnapshot(new Path(root), name);
      }
    } catch (SnapshotException e) {
      throw new TandemException("Cannot snapshot " + uri() + root + ": " + e.getMessage()
          + " (is the directory snapshottable?)", e);
    } catch (IOException e) {
      throw failed("snapshot", root, e);
    }
  }

  @Override
  public void deleteSnapshot(String root, String name) {
    try {
      if (hasSnapshot(root, name)) {
        fs.deleteSnapshot(new Path(root), name);
      }
    } catch (IOException e) {
      throw failed("delete snapshot " + name + " of", root, e);
    }
  }

  @Override
  public TreeDiff diff(String root, String from, String to) {
    try {
      SnapshotDiffReport report = fs.getSnapshotDiffReport(new Path(root), from, to);
      List<TreeDiff.Entry> entries = new ArrayList<>();
      for (SnapshotDiffReport.DiffReportEntry e : report.getDiffList()) {
        String source = DFSUtilClient.bytes2String(e.getSourcePath());
        TreeDiff.Type type = switch (e.getType()) {
          case CREATE -> TreeDiff.Type.CREATE;
          case MODIFY -> TreeDiff.Type.MODIFY;
          case DELETE -> TreeDiff.Type.DELETE;
          case RENAME -> TreeDiff.Type.RENAME;
        };
        String target = type == TreeDiff.Type.RENAME ? DFSUtilClient.bytes2String(e.getTargetPath()) : null;
        entries.add(new TreeDiff.Entry(type, source, target));
      }
      return new TreeDiff(entries);
    } catch (IOException e) {
      throw failed("diff snapshots " + from + ".." + (to.isEmpty() ? "current" : to) + " of", root, e);
    }
  }

  /**
   * The files below what the diff from the snapshot to the live tree reports as deleted, read in the snapshot
   * ({@code <root>/.snapshot/<name>/<path>}), keyed by inode id so that a file two snapshots hold counts once. A file
   * replaced by a new one of the same name is a DELETE (and a CREATE) in HDFS's diff: the old inode is held.
   */
  @Override
  public HeldFiles heldBeyondLive(String root, String name, int maxFiles) {
    Map<Long, Long> files = new HashMap<>();
    Path base = new Path(snapshotDir(root), name);
    try {
      for (TreeDiff.Entry e : diff(root, name, "").entries()) {
        if (e.type() == TreeDiff.Type.DELETE && !collect(e.path().isEmpty() ? base : new Path(base, e.path()),
            files, maxFiles)) {
          return new HeldFiles(files, false);
        }
      }
      return new HeldFiles(files, true);
    } catch (IOException e) {
      throw failed("list what snapshot " + name + " holds of", root, e);
    }
  }

  /** Depth first; false once {@code max} files are collected. */
  private boolean collect(Path path, Map<Long, Long> files, int max) throws IOException {
    FileStatus st;
    try {
      st = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return true; // the diff named something the snapshot does not have (a rename out of a renamed directory)
    }
    if (!st.isDirectory()) {
      if (files.size() >= max) {
        return false;
      }
      files.put(fileId(st), rawBytes(st));
      return true;
    }
    RemoteIterator<FileStatus> it = fs.listStatusIterator(path);
    while (it.hasNext()) {
      if (!collect(it.next().getPath(), files, max)) {
        return false;
      }
    }
    return true;
  }

  /** HDFS's statuses carry the inode id; any other status is keyed by its path (no sharing across snapshots). */
  private static long fileId(FileStatus st) {
    return st instanceof org.apache.hadoop.hdfs.protocol.HdfsFileStatus h ? h.getFileId()
        : Long.MIN_VALUE + (st.getPath().toString().hashCode() & 0xffffffffL);
  }

  /**
   * What the file occupies on the DataNodes: length × replication, as HDFS charges space quotas. An erasure-coded
   * file reports replication 1 and is counted at its length, without its parity.
   */
  private static long rawBytes(FileStatus st) {
    return st.getLen() * Math.max(1, (int) st.getReplication());
  }

  /** {@code ContentSummary.getSnapshotSpaceConsumed()}: the children deleted from the live tree that snapshots keep. */
  @Override
  public long snapshotOnlyBytes(String root) {
    try {
      return fs.getContentSummary(new Path(root)).getSnapshotSpaceConsumed();
    } catch (IOException e) {
      throw failed("summarise the space of", root, e);
    }
  }

  @Override
  public Optional<FsSpace> space() {
    try {
      FsStatus st = fs.getStatus();
      return Optional.of(new FsSpace(st.getCapacity(), st.getUsed(), st.getRemaining(),
          fs.getDefaultReplication(new Path("/"))));
    } catch (IOException e) {
      throw failed("read the capacity of", "/", e);
    }
  }

  static Path snapshotDir(String root) {
    return new Path(root, HdfsConstants.DOT_SNAPSHOT_DIR);
  }

  private TandemException failed(String what, String path, IOException e) {
    return new TandemException("HDFS " + uri() + ": cannot " + what + " " + path + ": " + e.getMessage(), e);
  }
}
