package dev.tandem.engine;

import java.util.Set;

/** Which files a manifest reader computes checksums for. */
public record ChecksumSelection(boolean all, Set<String> paths, Set<String> prefixes) {
  public ChecksumSelection {
    paths = Set.copyOf(paths);
    prefixes = Set.copyOf(prefixes);
  }

  public static ChecksumSelection everything() {
    return new ChecksumSelection(true, Set.of(), Set.of());
  }

  public static ChecksumSelection none() {
    return new ChecksumSelection(false, Set.of(), Set.of());
  }

  public ChecksumSelection union(ChecksumSelection o) {
    java.util.Set<String> p = new java.util.HashSet<>(paths);
    p.addAll(o.paths);
    java.util.Set<String> x = new java.util.HashSet<>(prefixes);
    x.addAll(o.prefixes);
    return new ChecksumSelection(all || o.all, p, x);
  }

  public boolean wants(String relative) {
    if (all || paths.contains(relative)) {
      return true;
    }
    for (String p : prefixes) {
      if (relative.equals(p) || relative.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }
}
