package dev.tandem.engine.fake;

import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.ManifestReader;
import dev.tandem.engine.Scope;
import dev.tandem.engine.ScrubOrder;
import dev.tandem.engine.SnapshotStore;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.Paths;
import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One site's file system in memory, as both the engine's {@link SnapshotStore} and its {@link ManifestReader}: a
 * live tree (absolute path to {@link Node}) and, per snapshottable root, snapshots that are immutable copies of the
 * tree below the root. Diffs are computed between two such copies the way HDFS reports them: a created or deleted
 * subtree is one entry, the directory that gained or lost it is modified, and a change of time alone is no change.
 * Renames are not modelled (a rename is a delete and a create). Snapshots freeze files open for write
 * ({@link dev.tandem.model.OpenFileCapture#FROZEN}).
 *
 * <p>Modification times come from a counter of the file system's own, so two writes of one file always differ;
 * copies keep the source's time, as DistCp's {@code -pt} does.
 */
public final class FakeFileSystem implements SnapshotStore, ManifestReader {
  /** A file or directory: a file's bytes are its {@code content}; a directory has none and time 0. */
  public record Node(boolean directory, String content, String owner, String group, short permission, long mtime) {
    static Node dir() {
      return new Node(true, "", "hdfs", "hadoop", (short) 0755, 0);
    }

    public long length() {
      return directory ? 0 : content.length();
    }
  }

  /** An immutable copy of the tree below a root: relative path (never "") to node. */
  private record Image(Map<String, Node> nodes, long takenAt) {}

  private final String uri;
  private final TreeMap<String, Node> live = new TreeMap<>();
  private final Set<String> snapshottable = new TreeSet<>();
  private final Set<String> open = new TreeSet<>();
  private final Map<String, LinkedHashMap<String, Image>> snapshots = new HashMap<>();
  private long clock = 1_000;
  /** How many of the next listings of a scrub's stretch fail (a NameNode failing over, say). */
  private final java.util.concurrent.atomic.AtomicInteger failingListings = new java.util.concurrent.atomic.AtomicInteger();

  public FakeFileSystem(String uri) {
    this.uri = uri;
    live.put("/", Node.dir());
  }

  // ---- what tests do to the tree ----

  /** Writes a whole file, creating its parents; a new modification time each call. */
  public FakeFileSystem write(String path, String content) {
    mkdirs(Paths.parent(path));
    Node old = live.get(path);
    live.put(path, new Node(false, content, old == null ? "hdfs" : old.owner(), old == null ? "hadoop" : old.group(),
        old == null ? (short) 0644 : old.permission(), ++clock));
    return this;
  }

  /** Changes a file's bytes behind the file system's back (a bad disk): same length and time, other checksum. */
  public void corrupt(String path) {
    Node old = require(path);
    char[] c = old.content().toCharArray();
    c[0] = c[0] == 'x' ? 'y' : 'x';
    live.put(path, new Node(false, new String(c), old.owner(), old.group(), old.permission(), old.mtime()));
  }

  /**
   * Changes a file's bytes in the live tree and in every snapshot that shares them, as a bad disk does to a block
   * that snapshots share: no snapshot diff shows it, only a comparison of checksums does.
   */
  public void rot(String path) {
    Node old = require(path);
    corrupt(path);
    Node rotten = live.get(path);
    snapshots.forEach((root, images) -> {
      if (Paths.isSameOrBelow(path, root)) {
        String rel = Paths.relativize(root, path);
        images.replaceAll((name, image) -> {
          if (!old.equals(image.nodes().get(rel))) {
            return image;
          }
          Map<String, Node> nodes = new HashMap<>(image.nodes());
          nodes.put(rel, rotten);
          return new Image(Map.copyOf(nodes), image.takenAt());
        });
      }
    });
  }

  /** Opens a file for write: listed by {@link #openFiles} until {@link #close}. */
  public void open(String path) {
    require(path);
    open.add(path);
  }

  /** Closes a file open for write; its modification time moves and nothing else changes. */
  public void close(String path) {
    Node old = require(path);
    open.remove(path);
    live.put(path, new Node(false, old.content(), old.owner(), old.group(), old.permission(), ++clock));
  }

  public void chown(String path, String owner) {
    Node old = require(path);
    live.put(path, new Node(old.directory(), old.content(), owner, old.group(), old.permission(), old.mtime()));
  }

  /** Deletes a file or a directory with everything below it. */
  public void delete(String path) {
    live.keySet().removeIf(p -> Paths.isSameOrBelow(p, path) && !p.equals("/"));
  }

  public Optional<Node> node(String path) {
    return Optional.ofNullable(live.get(path));
  }

  /** The live tree below {@code root}, relative to it. */
  public Map<String, Node> tree(String root) {
    return view(root, "");
  }

  /** The snapshot's copy of the tree below {@code root}, relative to it. */
  public Map<String, Node> tree(String root, String snapshot) {
    return view(root, snapshot);
  }

  /** Of {@link #tree(String, String)}, only what {@code scope} covers. */
  public static Map<String, Node> within(Map<String, Node> tree, Scope scope) {
    Map<String, Node> out = new TreeMap<>();
    tree.forEach((rel, node) -> {
      if (scope.contains(rel)) {
        out.put(rel, node);
      }
    });
    return out;
  }

  // ---- what replicators do ----

  /** Puts {@code node} at {@code path} as it is (time included), creating parents. */
  void put(String path, Node node) {
    if (!path.equals("/")) {
      mkdirs(Paths.parent(path));
    }
    live.put(path, node);
  }

  private Node require(String path) {
    Node n = live.get(path);
    if (n == null) {
      throw new TandemException("No such file on " + uri + ": " + path);
    }
    return n;
  }

  // ---- SnapshotStore ----

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public boolean isDirectory(String path) {
    Node n = live.get(path);
    return n != null && n.directory();
  }

  @Override
  public void mkdirs(String path) {
    if (live.containsKey(path) && !live.get(path).directory()) {
      throw new TandemException("Not a directory on " + uri + ": " + path);
    }
    if (!path.equals("/")) {
      mkdirs(Paths.parent(path));
    }
    live.putIfAbsent(path, Node.dir());
  }

  @Override
  public Optional<String> snapshottableRootOf(String path) {
    for (String p = path; ; p = Paths.parent(p)) {
      if (snapshottable.contains(p)) {
        return Optional.of(p);
      }
      if (p.equals("/")) {
        return Optional.empty();
      }
    }
  }

  @Override
  public void allowSnapshot(String path) {
    if (!isDirectory(path)) {
      throw new TandemException("Cannot allow snapshots on " + uri + path + ": not a directory");
    }
    snapshottable.add(path);
  }

  public boolean isSnapshottable(String path) {
    return snapshottable.contains(path);
  }

  @Override
  public List<String> snapshots(String root) {
    return List.copyOf(snapshots.getOrDefault(root, new LinkedHashMap<>()).keySet());
  }

  @Override
  public void createSnapshot(String root, String name) {
    if (!snapshottable.contains(root)) {
      throw new TandemException("Cannot snapshot " + uri + root + ": not snapshottable");
    }
    snapshots.computeIfAbsent(root, r -> new LinkedHashMap<>())
        .putIfAbsent(name, new Image(Map.copyOf(view(root, "")), ++clock));
  }

  @Override
  public void deleteSnapshot(String root, String name) {
    LinkedHashMap<String, Image> of = snapshots.get(root);
    if (of != null) {
      of.remove(name);
    }
  }

  @Override
  public List<String> openFiles(String root) {
    return open.stream().filter(p -> Paths.isSameOrBelow(p, root) && !p.equals(root))
        .map(p -> Paths.relativize(root, p)).toList();
  }

  @Override
  public long snapshotTime(String root, String name) {
    return image(root, name).takenAt();
  }

  @Override
  public TreeDiff diff(String root, String from, String to) {
    Map<String, Node> a = view(root, from);
    Map<String, Node> b = view(root, to);
    Set<String> modified = new TreeSet<>();
    List<TreeDiff.Entry> entries = new ArrayList<>();
    for (var e : b.entrySet()) {
      String rel = e.getKey();
      Node old = a.get(rel);
      if (old == null) {
        String parent = parentOf(rel);
        if (parent.isEmpty() || a.containsKey(parent)) { // the created subtree's top: its content is implied
          entries.add(TreeDiff.Entry.of(TreeDiff.Type.CREATE, rel));
          modified.add(parent);
        }
      } else if (!sameButForTime(old, e.getValue())) {
        modified.add(rel);
      }
    }
    for (String rel : a.keySet()) {
      if (!b.containsKey(rel)) {
        String parent = parentOf(rel);
        if (parent.isEmpty() || b.containsKey(parent)) {
          entries.add(TreeDiff.Entry.of(TreeDiff.Type.DELETE, rel));
          modified.add(parent);
        }
      }
    }
    modified.forEach(rel -> entries.add(TreeDiff.Entry.of(TreeDiff.Type.MODIFY, rel)));
    return new TreeDiff(entries);
  }

  /** HDFS diffs compare content and metadata, not times: a close that changes only the time is in no diff. */
  private static boolean sameButForTime(Node a, Node b) {
    return a.directory() == b.directory() && a.content().equals(b.content()) && a.owner().equals(b.owner())
        && a.group().equals(b.group()) && a.permission() == b.permission();
  }

  private static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  private Image image(String root, String name) {
    Image image = snapshots.getOrDefault(root, new LinkedHashMap<>()).get(name);
    if (image == null) {
      throw new TandemException("No snapshot " + name + " of " + uri + root);
    }
    return image;
  }

  /** Relative path to node below {@code root}: the live tree for "", else the snapshot's copy. */
  private Map<String, Node> view(String root, String snapshot) {
    if (!snapshot.isEmpty()) {
      return new TreeMap<>(image(root, snapshot).nodes());
    }
    Map<String, Node> out = new TreeMap<>();
    live.forEach((path, node) -> {
      if (!path.equals(root) && Paths.isSameOrBelow(path, root)) {
        out.put(Paths.relativize(root, path), node);
      }
    });
    return out;
  }

  // ---- ManifestReader ----

  @Override
  public Manifest read(String root, String snapshot, Scope scope, ChecksumSelection checksums) {
    Map<String, Manifest.Entry> out = new HashMap<>();
    view(root, snapshot).forEach((rel, node) -> {
      if (scope.contains(rel)) {
        out.put(rel, entry(node, !node.directory() && checksums.wants(rel)));
      }
    });
    return Manifest.of(out);
  }

  @Override
  public Manifest readRegion(String root, String snapshot, Scope scope, ChecksumSelection region) {
    Map<String, Manifest.Entry> out = new HashMap<>();
    view(root, snapshot).forEach((rel, node) -> {
      boolean listed = region.paths().contains(rel)
          || region.prefixes().stream().anyMatch(p -> rel.equals(p) || rel.startsWith(p + "/"));
      if (listed && scope.contains(rel)) {
        out.put(rel, entry(node, !node.directory()));
      }
    });
    return Manifest.of(out);
  }

  @Override
  public String checksum(String root, String snapshot, String relative, long length) {
    Node node = view(root, snapshot).get(relative);
    if (node == null || node.directory()) {
      throw new TandemException("Cannot checksum " + uri + root + "/" + relative + ": no such file");
    }
    return sum(node.content().substring(0, (int) Math.min(length, node.length())));
  }

  /** The next {@code count} calls of {@link #fileEntries} fail. */
  public void failListings(int count) {
    failingListings.set(count);
  }

  @Override
  public Map<String, Manifest.Entry> fileEntries(String root, String snapshot, Scope scope, String after,
      String until, int limit) {
    if (failingListings.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new TandemException("Cannot list " + uri + root + "/.snapshot/" + snapshot + ": injected failure");
    }
    List<String> files = new ArrayList<>();
    Map<String, Node> tree = view(root, snapshot);
    tree.forEach((rel, node) -> {
      if (!node.directory() && scope.contains(rel) && ScrubOrder.compare(rel, after) > 0
          && (until == null || ScrubOrder.compare(rel, until) <= 0)) {
        files.add(rel);
      }
    });
    files.sort(ScrubOrder.PATHS);
    Map<String, Manifest.Entry> out = new LinkedHashMap<>();
    for (String rel : files.subList(0, Math.min(limit, files.size()))) {
      out.put(rel, entry(tree.get(rel), false));
    }
    return out;
  }

  @Override
  public PendingChecksums checksums(String root, String snapshot, Map<String, Long> lengths) {
    Map<String, String> out = new HashMap<>();
    lengths.forEach((rel, length) -> out.put(rel, checksum(root, snapshot, rel, length)));
    return () -> out;
  }

  @Override
  public long fileCount(String root, String snapshot, Scope scope) {
    return view(root, snapshot).entrySet().stream()
        .filter(e -> !e.getValue().directory() && scope.contains(e.getKey())).count();
  }

  private static Manifest.Entry entry(Node node, boolean withChecksum) {
    return new Manifest.Entry(node.directory(), node.length(), node.owner(), node.group(), node.permission(), false,
        node.directory() ? 0 : node.mtime(), withChecksum ? sum(node.content()) : null);
  }

  /** Comparable across sites and for prefixes: a function of the bytes alone. */
  private static String sum(String bytes) {
    return bytes.isEmpty() ? "empty" : "fake:" + Integer.toHexString(bytes.hashCode()) + ":" + bytes.length();
  }
}
