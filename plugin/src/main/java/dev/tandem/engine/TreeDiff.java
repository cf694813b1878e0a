package dev.tandem.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The changes between two snapshots of one root, paths relative to the root. As in HDFS snapshot diff
 * reports, entries below a renamed directory are reported under the directory's old path, and a created
 * directory is one entry (its content is implied).
 */
public record TreeDiff(List<Entry> entries) {
  public TreeDiff {
    entries = List.copyOf(entries);
  }

  public enum Type { CREATE, MODIFY, DELETE, RENAME }

  /** {@code target} is set for RENAME only. */
  public record Entry(Type type, String path, String target) {
    public static Entry of(Type type, String path) {
      return new Entry(type, path, null);
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Only the entries that concern the scope; a rename across the scope's edge becomes a create or delete. */
  public TreeDiff within(Scope scope) {
    if (scope.isWhole()) {
      return this;
    }
    List<Entry> kept = new ArrayList<>();
    for (Entry e : entries) {
      if (e.type() == Type.RENAME) {
        boolean from = scope.contains(e.path());
        boolean to = scope.contains(e.target());
        if (from && to) {
          kept.add(e);
        } else if (from) {
          kept.add(Entry.of(Type.DELETE, e.path()));
        } else if (to) {
          kept.add(Entry.of(Type.CREATE, e.target()));
        }
      } else if (scope.contains(e.path()) || (e.type() == Type.MODIFY && scope.reaches(e.path()))) {
        kept.add(e);
      }
    }
    return new TreeDiff(kept);
  }

  /** Entries that change content or structure, i.e. not only a MODIFY of an ancestor directory. */
  public long count(Type type) {
    return entries.stream().filter(e -> e.type() == type).count();
  }

  /**
   * The path of {@code path} in the newer snapshot: entries below a renamed directory are reported under the
   * directory's old path, so the longest renamed ancestor is replaced by its new name.
   */
  public String inNewer(String path) {
    Entry best = null;
    for (Entry e : entries) {
      if (e.type() == Type.RENAME && (path.equals(e.path()) || path.startsWith(e.path() + "/"))
          && (best == null || e.path().length() > best.path().length())) {
        best = e;
      }
    }
    return best == null ? path : best.target() + path.substring(best.path().length());
  }

  /**
   * What an incremental verification must checksum: modified paths themselves (a modified directory only
   * gained or lost children, which appear as entries of their own) and whole created or renamed subtrees,
   * all in the newer snapshot's namespace.
   */
  public ChecksumSelection changedPaths() {
    java.util.Set<String> exact = new java.util.HashSet<>();
    java.util.Set<String> subtrees = new java.util.HashSet<>();
    for (Entry e : entries) {
      switch (e.type()) {
        case MODIFY -> exact.add(inNewer(e.path()));
        case CREATE -> subtrees.add(inNewer(e.path()));
        case RENAME -> subtrees.add(e.target());
        case DELETE -> { }
      }
    }
    subtrees.remove("");
    return new ChecksumSelection(false, exact, subtrees);
  }

  /**
   * What the diff says was written, in the newer snapshot's namespace: modified paths and whole created subtrees.
   * A renamed file is only moved by a diff copy (DistCp's {@code -diff} renames it on the target and copies nothing),
   * so a file rewritten without a MODIFY entry of its own, such as an open file closed since, is not in here.
   */
  public ChecksumSelection writtenPaths() {
    java.util.Set<String> exact = new java.util.HashSet<>();
    java.util.Set<String> subtrees = new java.util.HashSet<>();
    for (Entry e : entries) {
      if (e.type() == Type.MODIFY) {
        exact.add(inNewer(e.path()));
      } else if (e.type() == Type.CREATE) {
        subtrees.add(inNewer(e.path()));
      }
    }
    subtrees.remove("");
    return new ChecksumSelection(false, exact, subtrees);
  }

  /**
   * Every name the diff touched, in the newer snapshot's namespace: {@link #changedPaths()} plus the names that
   * were deleted or renamed away, which must be absent (or equally recreated) on both sides. A path outside this
   * selection is in the newer snapshot exactly as it was in the older one.
   */
  public ChecksumSelection touchedPaths() {
    ChecksumSelection changed = changedPaths();
    java.util.Set<String> gone = new java.util.HashSet<>();
    for (Entry e : entries) {
      if (e.type() == Type.DELETE || e.type() == Type.RENAME) {
        gone.add(newerName(e.path()));
      }
    }
    gone.remove("");
    return changed.union(new ChecksumSelection(false, gone, java.util.Set.of()));
  }

  /** Where the name {@code path} (itself deleted or renamed) stands in the newer snapshot: its parent may have moved. */
  private String newerName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : inNewer(path.substring(0, slash)) + path.substring(slash);
  }
}
