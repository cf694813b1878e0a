package dev.tandem.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files open for write in a cut, per snapshot root (root path → paths relative to it, sorted), and whether
 * the primary's snapshots froze them. A file open at a cut is copied again (or only its tail) and checked
 * against the primary by name at the next run, and at every run while it stays open.
 */
public record OpenFiles(OpenFileCapture capture, Map<String, List<String>> byRoot) {
  public static final OpenFiles NONE = new OpenFiles(OpenFileCapture.FROZEN, Map.of());

  public OpenFiles {
    capture = capture == null ? OpenFileCapture.UNKNOWN : capture;
    TreeMap<String, List<String>> copy = new TreeMap<>();
    if (byRoot != null) {
      byRoot.forEach((root, paths) -> {
        if (paths != null && !paths.isEmpty()) {
          copy.put(root, List.copyOf(new TreeSet<>(paths)));
        }
      });
    }
    byRoot = java.util.Collections.unmodifiableMap(copy);
  }

  public List<String> under(String root) {
    return byRoot.getOrDefault(root, List.of());
  }

  public int count() {
    return byRoot.values().stream().mapToInt(List::size).sum();
  }

  /**
   * True when the next run must check these files again by name: always where there are any. Where snapshots
   * did not freeze them, no diff lists their later writes; where they did, a close that changes nothing but the
   * modification time is in no diff either (HDFS compares length and metadata, not times).
   */
  public boolean pending() {
    return count() > 0;
  }

  public OpenFiles plus(String root, Collection<String> paths) {
    if (paths.isEmpty()) {
      return this;
    }
    Map<String, List<String>> m = new TreeMap<>(byRoot);
    List<String> merged = new ArrayList<>(under(root));
    merged.addAll(paths);
    m.put(root, merged);
    return new OpenFiles(capture, m);
  }

  /** Absolute paths, for reports. */
  public List<String> absolute() {
    List<String> out = new ArrayList<>();
    byRoot.forEach((root, paths) -> paths.forEach(p -> out.add(Paths.join(root, p))));
    return out;
  }
}
