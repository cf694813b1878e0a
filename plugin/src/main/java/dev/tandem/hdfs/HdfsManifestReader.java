package dev.tandem.hdfs;

import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.ManifestReader;
import dev.tandem.engine.Scope;
import dev.tandem.model.Paths;
import dev.tandem.model.TandemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.util.StringUtils;

/**
 * Lists a scoped tree with batched directory listings and checksums files in parallel. The file system must be
 * configured with {@code dfs.checksum.combine.mode=COMPOSITE_CRC}, so that a file has the same checksum on
 * clusters with different block sizes (see {@link HdfsSites#clientConf}).
 */
public final class HdfsManifestReader implements ManifestReader {
  private static final String EMPTY = "empty";
  private final FileSystem fs;
  private final ExecutorService checksumPool;

  public HdfsManifestReader(FileSystem fs, ExecutorService checksumPool) {
    this.fs = fs;
    this.checksumPool = checksumPool;
  }

  @Override
  public Manifest read(String root, String snapshot, Scope scope, ChecksumSelection checksums) {
    Listing listing = new Listing(base(root, snapshot), scope, checksums);
    return listing.run(() -> listing.walk(""));
  }

  @Override
  public Manifest readRegion(String root, String snapshot, Scope scope, ChecksumSelection region) {
    Listing listing = new Listing(base(root, snapshot), scope, ChecksumSelection.everything());
    return listing.run(() -> {
      for (String path : new TreeSet<>(region.paths())) {
        listing.stat(path);
      }
      for (String prefix : new TreeSet<>(region.prefixes())) {
        if (listing.stat(prefix)) {
          listing.walk(prefix);
        }
      }
    });
  }

  @Override
  public String checksum(String root, String snapshot, String relative, long length) {
    Path p = new Path(Paths.join(base(root, snapshot), relative));
    try {
      return length == 0 ? EMPTY : format(fs.getFileChecksum(p, length));
    } catch (IOException e) {
      throw new TandemException("Cannot checksum the first " + length + " bytes of " + fs.getUri() + p + ": "
          + e.getMessage(), e);
    }
  }

  private static String base(String root, String snapshot) {
    return snapshot.isEmpty() ? root : Paths.join(root, ".snapshot/" + snapshot);
  }

  private interface ListingBody {
    void run() throws IOException;
  }

  /** One manifest being built: entries found so far, and the checksums computing in the pool. */
  private final class Listing {
    private final String base;
    private final Scope scope;
    private final ChecksumSelection checksums;
    private final Map<String, Manifest.Entry> entries = new HashMap<>();
    private final Map<String, Future<String>> sums = new HashMap<>();

    Listing(String base, Scope scope, ChecksumSelection checksums) {
      this.base = base;
      this.scope = scope;
      this.checksums = checksums;
    }

    Manifest run(ListingBody body) {
      try {
        body.run();
        for (var e : sums.entrySet()) {
          Manifest.Entry plain = entries.get(e.getKey());
          entries.put(e.getKey(), new Manifest.Entry(plain.directory(), plain.length(), plain.owner(),
              plain.group(), plain.permission(), plain.acl(), plain.modificationTime(), e.getValue().get()));
        }
        return Manifest.of(entries);
      } catch (IOException e) {
        throw new TandemException("Cannot list " + fs.getUri() + base + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TandemException("Interrupted while listing " + fs.getUri() + base, e);
      } catch (ExecutionException e) {
        throw new TandemException("Cannot checksum a file under " + fs.getUri() + base + ": "
            + e.getCause().getMessage(), e.getCause());
      }
    }

    /** Adds {@code rel} itself when it exists and lies in the scope; true when it is a directory to walk. */
    boolean stat(String rel) throws IOException {
      if (rel.isEmpty() || !scope.contains(rel)) {
        return false;
      }
      Manifest.Entry known = entries.get(rel);
      if (known != null) {
        return known.directory();
      }
      FileStatus st;
      try {
        st = fs.getFileStatus(new Path(Paths.join(base, rel)));
      } catch (FileNotFoundException e) {
        return false;
      }
      add(rel, st);
      return st.isDirectory();
    }

    /** Adds everything below the directory {@code start} that the scope contains, breadth first. */
    void walk(String start) throws IOException {
      Deque<String> pending = new ArrayDeque<>();
      pending.add(start);
      while (!pending.isEmpty()) {
        String dir = pending.poll();
        RemoteIterator<FileStatus> it = fs.listStatusIterator(new Path(Paths.join(base, dir)));
        while (it.hasNext()) {
          FileStatus st = it.next();
          String rel = dir.isEmpty() ? st.getPath().getName() : dir + "/" + st.getPath().getName();
          if (!scope.reaches(rel)) {
            continue;
          }
          if (st.isDirectory()) {
            pending.add(rel);
          }
          if (scope.contains(rel)) {
            add(rel, st);
          }
        }
      }
    }

    private void add(String rel, FileStatus st) {
      entries.put(rel, entry(st, null));
      if (st.isFile() && checksums.wants(rel)) {
        Path p = st.getPath();
        long length = st.getLen();
        sums.put(rel, checksumPool.submit(() -> checksum(p, length)));
      }
    }
  }

  private static Manifest.Entry entry(FileStatus st, String checksum) {
    return new Manifest.Entry(st.isDirectory(), st.isDirectory() ? 0 : st.getLen(), st.getOwner(), st.getGroup(),
        st.getPermission().toShort(), st.hasAcl(), st.isDirectory() ? 0 : st.getModificationTime(), checksum);
  }

  /**
   * Bounded by the listed length: a file open for write in a snapshot that froze it may own a last block the
   * snapshot does not include, and an empty file's checksum is a constant that needs no DataNode.
   */
  private String checksum(Path p, long length) throws IOException {
    return length == 0 ? EMPTY : format(fs.getFileChecksum(p, length));
  }

  private static String format(FileChecksum sum) {
    return sum == null ? "none" : sum.getAlgorithmName() + ":" + StringUtils.byteToHexString(sum.getBytes());
  }

}
