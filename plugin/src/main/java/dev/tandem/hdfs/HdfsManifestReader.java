package dev.tandem.hdfs;

import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.ManifestReader;
import dev.tandem.engine.Scope;
import dev.tandem.engine.ScrubOrder;
import dev.tandem.model.Paths;
import dev.tandem.model.TandemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.DirectoryListing;
import org.apache.hadoop.hdfs.protocol.HdfsFileStatus;
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

  @Override
  public Map<String, Manifest.Entry> fileEntries(String root, String snapshot, Scope scope, String after,
      String until, int limit) {
    Map<String, Manifest.Entry> out = new LinkedHashMap<>();
    String base = base(root, snapshot);
    try {
      new SliceWalk(base, scope, after, until, limit, out).directory("");
    } catch (FileNotFoundException e) {
      // the root or a directory vanished from the live tree while it was walked: what was found stands
    } catch (IOException e) {
      throw new TandemException("Cannot list " + fs.getUri() + base + ": " + e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new TandemException("Cannot list " + fs.getUri() + base + ": " + e.getCause().getMessage(), e);
    }
    return out;
  }

  @Override
  public PendingChecksums checksums(String root, String snapshot, Map<String, Long> lengths) {
    String base = base(root, snapshot);
    Map<String, Future<String>> sums = new LinkedHashMap<>();
    lengths.forEach((rel, length) -> {
      Path p = new Path(Paths.join(base, rel));
      sums.put(rel, checksumPool.submit(() -> checksum(p, length)));
    });
    return () -> {
      Map<String, String> out = new HashMap<>();
      try {
        for (var e : sums.entrySet()) {
          out.put(e.getKey(), e.getValue().get());
        }
        return out;
      } catch (InterruptedException e) {
        sums.values().forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new TandemException("Interrupted while checksumming files under " + fs.getUri() + base, e);
      } catch (ExecutionException e) {
        sums.values().forEach(f -> f.cancel(true));
        throw new TandemException("Cannot checksum a file under " + fs.getUri() + base + ": "
            + e.getCause().getMessage(), e.getCause());
      }
    };
  }

  @Override
  public long fileCount(String root, String snapshot, Scope scope) {
    long files = 0;
    for (String dir : scope.absolute(base(root, snapshot))) {
      try {
        files += fs.getContentSummary(new Path(dir)).getFileCount();
      } catch (FileNotFoundException e) {
        // an empty scope there
      } catch (IOException e) {
        throw new TandemException("Cannot count the files of " + fs.getUri() + dir + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /**
   * A depth-first walk in {@link ScrubOrder} that begins after a cursor: on the cursor's way it lists each
   * directory from the cursor's name on (the NameNode pages a listing after a name, in the same order), and it
   * stops at the limit or past {@code until}.
   */
  private final class SliceWalk {
    private final String base;
    private final Scope scope;
    private final String after;
    private final String until;
    private final int limit;
    private final Map<String, Manifest.Entry> out;
    private boolean done;

    SliceWalk(String base, Scope scope, String after, String until, int limit, Map<String, Manifest.Entry> out) {
      this.base = base;
      this.scope = scope;
      this.after = after;
      this.until = until;
      this.limit = limit;
      this.out = out;
    }

    void directory(String dir) throws IOException {
      // On the cursor's way, the children before the cursor's component hold nothing after the cursor.
      String startAfter = null;
      if (!after.isEmpty() && (dir.isEmpty() || after.startsWith(dir + "/"))) {
        String rest = dir.isEmpty() ? after : after.substring(dir.length() + 1);
        int slash = rest.indexOf('/');
        String component = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0) {
          visit(dir, component, null); // the cursor lies inside it: walk it, then what follows it
        }
        startAfter = component;
      }
      for (Iterator<FileStatus> it = children(Paths.join(base, dir), startAfter); !done && it.hasNext(); ) {
        FileStatus st = it.next();
        if (st != null) {
          visit(dir, st.getPath().getName(), st);
        }
      }
    }

    /** @param st the child's status, null for a directory on the cursor's way */
    private void visit(String dir, String name, FileStatus st) throws IOException {
      boolean isDirectory = st == null || st.isDirectory();
      if (done) {
        return;
      }
      String rel = dir.isEmpty() ? name : dir + "/" + name;
      if (!scope.reaches(rel) || ScrubOrder.subtreeNotAfter(rel, after)) {
        return;
      }
      if (until != null && ScrubOrder.compare(rel, until) > 0) {
        done = true;
        return;
      }
      if (isDirectory) {
        directory(rel);
      } else if (scope.contains(rel) && ScrubOrder.compare(rel, after) > 0) {
        out.put(rel, entry(st, null));
        done = out.size() >= limit;
      }
    }
  }

  /**
   * A directory's children in the NameNode's order, after {@code startAfter} when given: through the NameNode's
   * paged listing, so a cursor deep in a large directory costs the pages from there on only.
   */
  private Iterator<FileStatus> children(String dir, String startAfter) throws IOException {
    if (!(fs instanceof DistributedFileSystem dfs)) {
      List<FileStatus> all = new ArrayList<>(List.of(fs.listStatus(new Path(dir))));
      all.sort((a, b) -> ScrubOrder.compareNames(a.getPath().getName(), b.getPath().getName()));
      all.removeIf(st -> startAfter != null && ScrubOrder.compareNames(st.getPath().getName(), startAfter) <= 0);
      return all.iterator();
    }
    String src = dfs.makeQualified(new Path(dir)).toUri().getPath();
    return new Iterator<>() {
      private DirectoryListing page = dfs.getClient().listPaths(src,
          startAfter == null ? HdfsFileStatus.EMPTY_NAME : startAfter.getBytes(StandardCharsets.UTF_8));
      private int next;

      @Override
      public boolean hasNext() {
        try {
          while (page != null && next >= page.getPartialListing().length) {
            page = page.hasMore() ? dfs.getClient().listPaths(src, page.getLastName()) : null;
            next = 0;
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return page != null;
      }

      @Override
      public FileStatus next() {
        HdfsFileStatus st = page.getPartialListing()[next++];
        // a listing of what is now a file names the file itself, with an empty name: nothing below it
        return st.getLocalName().isEmpty() ? null : st.makeQualified(dfs.getUri(), new Path(src));
      }
    };
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
