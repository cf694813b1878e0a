package dev.tandem.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The scrub's progress through a group's snapshot roots, keyed by root path, and through its Hive tables. Kept in
 * the primary's registry.
 *
 * @param tables the sweep through the group's Hive tables (cursor: the last table key compared), null when none
 */
public record ScrubProgress(Map<String, SweepProgress> roots, SweepProgress tables) {
  public static final ScrubProgress NONE = new ScrubProgress(Map.of(), null);

  public ScrubProgress {
    roots = roots == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(roots));
  }

  public ScrubProgress withTables(SweepProgress value) {
    return new ScrubProgress(roots, value);
  }
}
