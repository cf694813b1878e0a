package dev.tandem.hdfs;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.Scope;
import dev.tandem.engine.SnapshotStore;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.Paths;
import dev.tandem.model.Progress;
import dev.tandem.model.RunStep;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.AclUtil;

/**
 * Copies small trees and small snapshot diffs with in-process streams instead of a DistCp job, whose fixed
 * start-up cost (and, with the local job runner, single-threaded map) dominates when only a few thousand files
 * move. For diffs it follows DistCp's snapshot-diff algorithm: renames and
 * deletes first, through a temporary directory so that rename chains cannot collide, then a copy of every
 * created or modified path with the attributes DistCp preserves (owner, group, permission, ACL, xattrs,
 * times).
 */
public final class DirectCopier {
  private static final int BUFFER = 128 * 1024;

  private final FileSystem source;
  private final FileSystem target;
  private final SnapshotStore targetSnapshots;
  private final ExecutorService pool;

  public DirectCopier(FileSystem source, FileSystem target, SnapshotStore targetSnapshots, ExecutorService pool) {
    this.source = source;
    this.target = target;
    this.targetSnapshots = targetSnapshots;
    this.pool = pool;
  }

  public CopyOutcome copyDiff(SnapshotRoot root, String from, String to, TreeDiff diff, ProgressListener progress) {
    Scope scope = Scope.of(root);
    if (!targetSnapshots.diff(root.path(), from, "").within(scope).isEmpty()) {
      throw new TandemException("Target " + target.getUri() + root.path() + " changed since snapshot " + from
          + "; it must be rolled back before an incremental copy");
    }
    try {
      long[] structural = applyRenamesAndDeletes(root.path(), diff);
      List<FileStatus> files = new ArrayList<>();
      List<FileStatus> dirs = new ArrayList<>();
      Path snapshotBase = new Path(root.path() + "/.snapshot/" + to);
      for (TreeDiff.Entry e : diff.entries()) {
        if (e.type() == TreeDiff.Type.CREATE || e.type() == TreeDiff.Type.MODIFY) {
          collect(snapshotBase, diff.inNewer(e.path()), e.type() == TreeDiff.Type.CREATE, scope, files, dirs);
        } else if (e.type() == TreeDiff.Type.RENAME) {
          collect(snapshotBase, e.target(), false, scope, files, dirs);
        }
      }
      CopyOutcome copied = copy(root.path(), snapshotBase, files, dirs, progress, Mode.CHANGED);
      return new CopyOutcome(CopyMethod.DIRECT, copied.filesCopied(), copied.bytesCopied(), structural[0],
          structural[1]);
    } catch (IOException e) {
      throw new TandemException("Copy of the diff " + from + ".." + to + " of " + root.path() + " to "
          + target.getUri() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the target equal to the snapshot within the scope, like {@code distcp -update -delete}: extra
   * paths are deleted, files whose length or modification time differ are copied, attributes are set on all.
   */
  public CopyOutcome copyFull(SnapshotRoot root, String snapshot, ProgressListener progress) {
    try {
      return mirror(new Path(root.path() + "/.snapshot/" + snapshot), root.path(), Scope.of(root), progress);
    } catch (IOException e) {
      throw new TandemException("Copy of " + root.path() + "@" + snapshot + " to " + target.getUri() + " failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code targetPath} equal to the file or directory {@code sourcePath} (typically in a snapshot), like
   * {@link #copyFull} but between any two paths: a restore's copy. Whatever is at the target and not in the source
   * is deleted (a file where the source has a directory, or the other way round, too).
   */
  public CopyOutcome copyTree(String sourcePath, String targetPath, ProgressListener progress) {
    try {
      Path src = new Path(sourcePath);
      Path to = new Path(targetPath);
      FileStatus st = source.getFileStatus(src);
      long deleted = 0;
      if (target.exists(to) && target.getFileStatus(to).isDirectory() != st.isDirectory()) {
        target.delete(to, true);
        deleted++;
      }
      if (st.isDirectory()) {
        CopyOutcome c = mirror(src, targetPath, Scope.whole(), progress);
        return new CopyOutcome(CopyMethod.DIRECT, c.filesCopied(), c.bytesCopied(), c.pathsDeleted() + deleted, 0);
      }
      target.mkdirs(to.getParent());
      CopyOutcome c = copy(targetPath, src, new ArrayList<>(List.of(st)), new ArrayList<>(), progress, Mode.CHANGED);
      return new CopyOutcome(CopyMethod.DIRECT, c.filesCopied(), c.bytesCopied(), deleted, 0);
    } catch (IOException e) {
      throw new TandemException("Copy of " + source.getUri() + sourcePath + " to " + target.getUri() + targetPath
          + " failed: " + e.getMessage(), e);
    }
  }

  /** Makes the directory {@code root} of the target equal to {@code sourceBase} within {@code scope}. */
  private CopyOutcome mirror(Path sourceBase, String root, Scope scope, ProgressListener progress) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    List<FileStatus> dirs = new ArrayList<>();
    collect(sourceBase, "", true, scope, files, dirs);
    String base = Path.getPathWithoutSchemeAndAuthority(sourceBase).toString();
    java.util.Map<String, Boolean> wanted = new java.util.HashMap<>();
    files.forEach(f -> wanted.put(relative(base, f), false));
    dirs.forEach(d -> wanted.put(relative(base, d), true));
    target.mkdirs(new Path(root));
    long deleted = deleteExtras(new Path(root), "", scope, wanted);
    CopyOutcome copied = copy(root, sourceBase, files, dirs, progress, Mode.CHANGED);
    return new CopyOutcome(CopyMethod.DIRECT, copied.filesCopied(), copied.bytesCopied(), deleted, 0);
  }

  /** See {@link dev.tandem.engine.FileReplicator#copyFiles}. */
  public CopyOutcome copyFiles(SnapshotRoot root, String snapshot, java.util.Collection<String> paths,
      ProgressListener progress) {
    Scope scope = Scope.of(root);
    Path snapshotBase = new Path(root.path() + "/.snapshot/" + snapshot);
    List<FileStatus> files = new ArrayList<>();
    long deleted = 0;
    try {
      for (String rel : new java.util.TreeSet<>(paths)) {
        if (rel.isEmpty() || !scope.contains(rel)) {
          continue;
        }
        Path to = new Path(Paths.join(root.path(), rel));
        FileStatus st;
        try {
          st = source.getFileStatus(new Path(snapshotBase, rel));
        } catch (FileNotFoundException e) {
          st = null;
        }
        if (st == null || !st.isFile()) {
          // Gone (or no longer a file) in the snapshot: a directory arrives through the diff, not from here.
          if (st == null && target.exists(to) && target.getFileStatus(to).isFile()) {
            target.delete(to, false);
            deleted++;
          }
          continue;
        }
        target.mkdirs(to.getParent());
        files.add(st);
      }
      CopyOutcome copied = copy(root.path(), snapshotBase, files, new ArrayList<>(), progress, Mode.GROWN);
      return new CopyOutcome(CopyMethod.DIRECT, copied.filesCopied(), copied.bytesCopied(), deleted, 0);
    } catch (IOException e) {
      throw new TandemException("Copy of " + paths.size() + " file(s) of " + root.path() + "@" + snapshot + " to "
          + target.getUri() + " failed: " + e.getMessage(), e);
    }
  }

  private long deleteExtras(Path dir, String relative, Scope scope, java.util.Map<String, Boolean> wanted)
      throws IOException {
    long deleted = 0;
    for (FileStatus st : target.listStatus(dir)) {
      String rel = relative.isEmpty() ? st.getPath().getName() : relative + "/" + st.getPath().getName();
      if (!scope.reaches(rel)) {
        continue;
      }
      Boolean isDir = wanted.get(rel);
      if (isDir == null || isDir != st.isDirectory()) {
        target.delete(st.getPath(), true);
        deleted++;
      } else if (st.isDirectory()) {
        deleted += deleteExtras(st.getPath(), rel, scope, wanted);
      }
    }
    return deleted;
  }

  /** Returns {deleted, renamed}. */
  private long[] applyRenamesAndDeletes(String root, TreeDiff diff) throws IOException {
    record Move(String source, String target) {}
    List<Move> moves = new ArrayList<>();
    for (TreeDiff.Entry e : diff.entries()) {
      if (e.type() == TreeDiff.Type.DELETE || e.type() == TreeDiff.Type.RENAME) {
        moves.add(new Move(e.path(), e.target()));
      }
    }
    if (moves.isEmpty()) {
      return new long[] {0, 0};
    }
    Path tmp = new Path(root, ".tandem.diff.tmp" + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
    target.mkdirs(tmp);
    try {
      // Deepest first, so a child moves out before its parent does.
      moves.sort(Comparator.comparingInt((Move m) -> depth(m.source())).reversed().thenComparing(Move::source));
      List<Path> parked = new ArrayList<>();
      for (int i = 0; i < moves.size(); i++) {
        Path parkedAt = new Path(tmp, Integer.toString(i));
        Path from = new Path(Paths.join(root, moves.get(i).source()));
        if (target.exists(from) && !target.rename(from, parkedAt)) {
          throw new IOException("Cannot move " + from + " aside");
        }
        parked.add(parkedAt);
      }
      long renamed = 0;
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < moves.size(); i++) {
        order.add(i);
      }
      // Shallowest target first, so parents exist before children arrive.
      order.sort(Comparator.comparingInt(i -> moves.get(i).target() == null ? 0 : depth(moves.get(i).target())));
      for (int i : order) {
        Move m = moves.get(i);
        if (m.target() != null && target.exists(parked.get(i))) {
          Path to = new Path(Paths.join(root, m.target()));
          target.mkdirs(to.getParent());
          if (!target.rename(parked.get(i), to)) {
            throw new IOException("Cannot rename " + m.source() + " to " + m.target());
          }
          renamed++;
        }
      }
      return new long[] {moves.size() - renamed, renamed};
    } finally {
      target.delete(tmp, true);
    }
  }

  private static int depth(String relative) {
    return relative.isEmpty() ? 0 : relative.split("/").length;
  }

  private void collect(Path snapshotBase, String relative, boolean created, Scope scope, List<FileStatus> files,
      List<FileStatus> dirs) throws IOException {
    if (!scope.reaches(relative)) {
      return;
    }
    FileStatus st;
    try {
      st = source.getFileStatus(relative.isEmpty() ? snapshotBase : new Path(snapshotBase, relative));
    } catch (FileNotFoundException e) {
      return; // created and gone again within the diff
    }
    if (st.isFile()) {
      files.add(st);
      return;
    }
    dirs.add(st);
    if (created) {
      for (FileStatus child : source.listStatus(st.getPath())) {
        collect(snapshotBase, relative.isEmpty() ? child.getPath().getName()
            : relative + "/" + child.getPath().getName(), true, scope, files, dirs);
      }
    }
  }

  /** Which files {@link #copy} writes. */
  private enum Mode {
    /** Those whose length or modification time differ from the target's. */
    CHANGED,
    /**
     * Every one, because its status cannot be trusted (it was open for write): where the target holds an exact
     * prefix of the source, as a file that was still being written leaves it, only the rest is appended.
     */
    GROWN
  }

  private CopyOutcome copy(String root, Path snapshotBase, List<FileStatus> named, List<FileStatus> namedDirs,
      ProgressListener progress, Mode mode) throws IOException {
    // A diff may name one path twice (a file created, modified and renamed between the snapshots is listed both as
    // created and as a rename's target): two streams writing one file would break each other's lease.
    List<FileStatus> files = unique(named);
    List<FileStatus> dirs = unique(namedDirs);
    String base = Path.getPathWithoutSchemeAndAuthority(snapshotBase).toString();
    dirs.sort(Comparator.comparingInt(d -> depth(relative(base, d))));
    for (FileStatus d : dirs) {
      target.mkdirs(new Path(Paths.join(root, relative(base, d))));
    }
    long bytesTotal = files.stream().mapToLong(FileStatus::getLen).sum();
    AtomicLong filesDone = new AtomicLong();
    AtomicLong bytesDone = new AtomicLong();
    AtomicLong copiedFiles = new AtomicLong();
    AtomicLong copiedBytes = new AtomicLong();
    List<Future<?>> futures = new ArrayList<>();
    for (FileStatus f : files) {
      futures.add(pool.submit(() -> {
        Path to = new Path(Paths.join(root, relative(base, f)));
        if (mode == Mode.GROWN) {
          long n = copyGrown(f, to);
          if (n > 0) {
            copiedBytes.addAndGet(n);
            copiedFiles.incrementAndGet();
          }
        } else if (!sameContent(f, to)) {
          copiedBytes.addAndGet(copyBytes(f, to));
          copiedFiles.incrementAndGet();
        }
        preserve(f, to);
        progress.onProgress(new Progress(RunStep.REPLICATE, filesDone.incrementAndGet(), files.size(),
            bytesDone.addAndGet(f.getLen()), bytesTotal));
        return null;
      }));
    }
    await(futures);
    // Directory times last, deepest first: creating children bumps a directory's modification time.
    dirs.sort(Comparator.comparingInt((FileStatus d) -> depth(relative(base, d))).reversed());
    for (FileStatus d : dirs) {
      preserve(d, new Path(Paths.join(root, relative(base, d))));
    }
    return new CopyOutcome(CopyMethod.DIRECT, copiedFiles.get(), copiedBytes.get(), 0, 0);
  }

  private static List<FileStatus> unique(List<FileStatus> statuses) {
    Map<Path, FileStatus> byPath = new java.util.LinkedHashMap<>();
    statuses.forEach(st -> byPath.putIfAbsent(st.getPath(), st));
    return new ArrayList<>(byPath.values());
  }

  private static String relative(String base, FileStatus st) {
    return Paths.relativize(base, Path.getPathWithoutSchemeAndAuthority(st.getPath()).toString());
  }

  /** A file whose length and modification time match was only touched in its attributes (chmod, chown). */
  private boolean sameContent(FileStatus src, Path to) throws IOException {
    try {
      FileStatus t = target.getFileStatus(to);
      return t.isFile() && t.getLen() == src.getLen() && t.getModificationTime() == src.getModificationTime();
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  /**
   * Appends the source's tail where the target is an exact prefix of it (nothing where it is all of it), else
   * copies it whole. Returns the bytes written.
   */
  private long copyGrown(FileStatus src, Path to) throws IOException {
    FileStatus t;
    try {
      t = target.getFileStatus(to);
    } catch (FileNotFoundException e) {
      return copyBytes(src, to);
    }
    long have = t.getLen();
    if (!t.isFile() || have == 0 || have > src.getLen()
        || !java.util.Objects.equals(source.getFileChecksum(src.getPath(), have), target.getFileChecksum(to))) {
      return copyBytes(src, to);
    }
    if (have == src.getLen()) {
      return 0;
    }
    try (org.apache.hadoop.fs.FSDataInputStream in = source.open(src.getPath(), BUFFER);
        OutputStream out = target.append(to, BUFFER)) {
      in.seek(have);
      return transfer(in, out);
    }
  }

  /**
   * Copies what a reader of the source sees, which for a file still open for write may be more than the length
   * its status gave (data flushed but not yet known to the NameNode). Returns the bytes written.
   */
  private long copyBytes(FileStatus src, Path to) throws IOException {
    try (InputStream in = source.open(src.getPath(), BUFFER);
        OutputStream out = target.create(to, true, BUFFER, src.getReplication(), src.getBlockSize())) {
      return transfer(in, out);
    }
  }

  private static long transfer(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[BUFFER];
    long n = 0;
    for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
      out.write(buf, 0, r);
      n += r;
    }
    return n;
  }

  private void preserve(FileStatus src, Path to) throws IOException {
    target.setOwner(to, src.getOwner(), src.getGroup());
    if (src.hasAcl()) {
      List<AclEntry> entries = source.getAclStatus(src.getPath()).getEntries();
      target.setAcl(to, AclUtil.getAclFromPermAndEntries(src.getPermission(), entries));
    } else {
      target.setPermission(to, src.getPermission());
      if (target.getFileStatus(to).hasAcl()) {
        target.removeAcl(to);
      }
    }
    Map<String, byte[]> xattrs = source.getXAttrs(src.getPath());
    for (var x : xattrs.entrySet()) {
      if (x.getKey().startsWith("user.") || x.getKey().startsWith("trusted.")) {
        target.setXAttr(to, x.getKey(), x.getValue());
      }
    }
    target.setTimes(to, src.getModificationTime(), src.getAccessTime());
  }

  private static void await(List<Future<?>> futures) throws IOException {
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while copying", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }
}
