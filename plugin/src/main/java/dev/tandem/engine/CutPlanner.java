package dev.tandem.engine;

import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.SnapshotRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a group's directories to the minimal set of snapshot roots covering them. All directories under
 * one snapshottable root share one atomic snapshot; a directory without one gets snapshots enabled on
 * itself (the lowest root, so diffs list as little as possible) when the group allows it.
 */
public final class CutPlanner {
  private final SnapshotStore primary;

  public CutPlanner(SnapshotStore primary) {
    this.primary = primary;
  }

  /** Checks every directory and returns the roots, without changing anything. */
  public List<SnapshotRoot> check(ProtectionGroup group) {
    return resolve(group, List.of(), false);
  }

  /** As {@link #check}, and enables snapshots where the group allows and needs it. */
  public List<SnapshotRoot> plan(ProtectionGroup group) {
    return resolve(group, List.of(), true);
  }

  /** As {@link #check}, with the directories of the group's metastore objects as well. */
  public List<SnapshotRoot> check(ProtectionGroup group, List<MetastorePlan.Location> metastore) {
    return resolve(group, metastore, false);
  }

  /** As {@link #plan}, with the directories of the group's metastore objects as well. */
  public List<SnapshotRoot> plan(ProtectionGroup group, List<MetastorePlan.Location> metastore) {
    return resolve(group, metastore, true);
  }

  private List<SnapshotRoot> resolve(ProtectionGroup group, List<MetastorePlan.Location> metastore, boolean enable) {
    Map<String, List<String>> scopes = new LinkedHashMap<>();
    List<HdfsDirectory> dirs = group.hdfsDirectories();
    for (int i = 0; i < dirs.size(); i++) {
      String path = dirs.get(i).path();
      String field = "dataSets[" + group.dataSets().indexOf(dirs.get(i)) + "].path";
      InvalidInputException.check(primary.isDirectory(path), field,
          "HDFS directory does not exist on the primary (%s): %s", primary.uri(), path);
      Optional<String> root = primary.snapshottableRootOf(path);
      if (root.isEmpty()) {
        InvalidInputException.check(group.snapshots() == SnapshotEnablement.ENABLE_IF_MISSING, field,
            "HDFS directory %s is not snapshottable and no ancestor is; run 'hdfs dfsadmin -allowSnapshot %s' "
                + "or let Tandem enable snapshots for this group", path, path);
        if (enable) {
          primary.allowSnapshot(path);
        }
        root = Optional.of(path);
      }
      scopes.computeIfAbsent(root.get(), r -> new ArrayList<>()).add(Paths.relativize(root.get(), path));
    }
    for (MetastorePlan.Location location : outermost(metastore)) {
      String path = location.path();
      if (dirs.stream().anyMatch(d -> d.covers(path))
          || location.need() == MetastorePlan.Need.IF_PRESENT && !primary.isDirectory(path)) {
        continue;
      }
      InvalidInputException.check(primary.isDirectory(path), location.field(),
          "Directory of %s does not exist on the primary (%s): %s", location.owner(), primary.uri(), path);
      Optional<String> root = primary.snapshottableRootOf(path);
      if (root.isEmpty()) {
        InvalidInputException.check(group.snapshots() == SnapshotEnablement.ENABLE_IF_MISSING, location.field(),
            "Directory %s of %s is not snapshottable and no ancestor is; run 'hdfs dfsadmin -allowSnapshot %s' "
                + "or let Tandem enable snapshots for this group", path, location.owner(), path);
        if (enable) {
          primary.allowSnapshot(path);
        }
        root = Optional.of(path);
      }
      scopes.computeIfAbsent(root.get(), r -> new ArrayList<>()).add(Paths.relativize(root.get(), path));
    }
    return scopes.entrySet().stream().map(e -> new SnapshotRoot(e.getKey(), e.getValue())).toList();
  }

  /** The locations that no other location contains, in path order (a table below its database, say). */
  static List<MetastorePlan.Location> outermost(List<MetastorePlan.Location> locations) {
    List<MetastorePlan.Location> sorted = new ArrayList<>(locations);
    sorted.sort(java.util.Comparator.comparing(MetastorePlan.Location::path));
    List<MetastorePlan.Location> kept = new ArrayList<>();
    for (MetastorePlan.Location l : sorted) {
      if (kept.isEmpty() || !Paths.isSameOrBelow(l.path(), kept.get(kept.size() - 1).path())) {
        kept.add(l);
      }
    }
    return kept;
  }
}
