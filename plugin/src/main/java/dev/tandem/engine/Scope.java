package dev.tandem.engine;

import dev.tandem.model.Paths;
import dev.tandem.model.SnapshotRoot;
import java.util.List;

/**
 * Which paths below a snapshot root belong to a group: the protected directories (relative to the root) and
 * everything below them. Their ancestors are "on the way" so they are traversed and created, but their other
 * children are not the group's business.
 */
public record Scope(List<String> prefixes) {
  public Scope {
    prefixes = List.copyOf(prefixes);
  }

  public static Scope of(SnapshotRoot root) {
    return new Scope(root.scope());
  }

  public static Scope whole() {
    return new Scope(List.of(""));
  }

  /** The relative path (no leading slash, "" for the root) is protected content. */
  public boolean contains(String relative) {
    for (String p : prefixes) {
      if (p.isEmpty() || relative.equals(p) || relative.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /** The relative path is protected content or an ancestor of it. */
  public boolean reaches(String relative) {
    if (contains(relative)) {
      return true;
    }
    for (String p : prefixes) {
      if (relative.isEmpty() || p.startsWith(relative + "/")) {
        return true;
      }
    }
    return false;
  }

  public boolean isWhole() {
    return prefixes.contains("");
  }

  /** Absolute protected directories below {@code root}. */
  public List<String> absolute(String root) {
    return prefixes.stream().map(p -> Paths.join(root, p)).toList();
  }
}
