package dev.tandem.engine;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A listing of a tree in one snapshot: relative path → entry. Checksums are present only for the files the
 * reader was asked to checksum.
 */
public record Manifest(SortedMap<String, Entry> entries) {
  public Manifest {
    entries = new TreeMap<>(entries);
  }

  public static Manifest of(Map<String, Entry> entries) {
    return new Manifest(new TreeMap<>(entries));
  }

  /**
   * @param modificationTime compared for files only: a directory's time changes whenever a child is added
   * @param checksum algorithm-qualified hex, or null when not computed
   */
  public record Entry(boolean directory, long length, String owner, String group, short permission, boolean acl,
      long modificationTime, String checksum) {}
}
