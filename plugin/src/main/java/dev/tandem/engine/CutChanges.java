package dev.tandem.engine;

import java.util.Map;

/**
 * What changed on the primary since the group's last good cut, as the run that makes the next cut found it:
 * the snapshot diff of every root copied by diff, paths relative to the root. A root missing from
 * {@code diffs} is new in the group or was copied whole.
 *
 * @param base the last good cut the diffs start from
 */
public record CutChanges(dev.tandem.model.Cut base, Map<String, TreeDiff> diffs) {
  public CutChanges {
    diffs = Map.copyOf(diffs);
  }
}
