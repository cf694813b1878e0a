package dev.tandem.model;

import java.util.Map;
import java.util.TreeMap;

/** The scrub's progress through a group's snapshot roots, keyed by root path. Kept in the primary's registry. */
public record ScrubProgress(Map<String, SweepProgress> roots) {
  public static final ScrubProgress NONE = new ScrubProgress(Map.of());

  public ScrubProgress {
    roots = roots == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(roots));
  }
}
