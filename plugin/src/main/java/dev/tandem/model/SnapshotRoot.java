package dev.tandem.model;

import java.util.List;

/**
 * A snapshottable directory that covers some of a group's data sets. One snapshot of it is atomic for
 * everything below it; {@code scope} lists the protected directories below it, relative to the root
 * ("" = the whole root), so unprotected siblings under a shared root are neither copied nor verified.
 */
public record SnapshotRoot(String path, List<String> scope) {
  public SnapshotRoot {
    scope = List.copyOf(scope);
  }
}
