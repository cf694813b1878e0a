package dev.tandem.engine;

import dev.tandem.model.DataSet;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotRoot;
import java.util.List;

/**
 * Checks a group against the world before it is stored: both sites known, every directory present and
 * snapshottable (or allowed to become so), every metastore object resolvable, nothing protected twice.
 * Changes nothing.
 */
public final class GroupValidator {
  private final Registry registry;
  private final SnapshotStore primary;
  private final MetastoreReplicator metastore;

  public GroupValidator(Registry registry, SnapshotStore primary) {
    this(registry, primary, MetastoreReplicator.NONE);
  }

  public GroupValidator(Registry registry, SnapshotStore primary, MetastoreReplicator metastore) {
    this.registry = registry;
    this.primary = primary;
    this.metastore = metastore;
  }

  public List<SnapshotRoot> validate(ProtectionGroup group) {
    InvalidInputException.check(registry.site(group.pair().primary()).isPresent(), "pair.primary",
        "Unknown site '%s'", group.pair().primary());
    InvalidInputException.check(registry.site(group.pair().secondary()).isPresent(), "pair.secondary",
        "Unknown site '%s'", group.pair().secondary());
    List<MetastorePlan.Location> locations = metastore.plan(group).locations();
    List<SnapshotRoot> roots = new CutPlanner(primary).check(group, locations);
    for (ProtectionGroup other : registry.groups()) {
      if (other.name().equals(group.name()) || !other.pair().primary().equals(group.pair().primary())) {
        continue;
      }
      for (int i = 0; i < group.dataSets().size(); i++) {
        DataSet mine = group.dataSets().get(i);
        for (DataSet theirs : other.dataSets()) {
          InvalidInputException.check(mine.component() != DataSet.Component.HIVE
              || !ProtectionGroup.overlaps(mine, theirs), "dataSets[" + i + "]",
              "%s is already protected by group '%s' (%s)", mine.describe(), other.name(), theirs.describe());
        }
      }
      for (MetastorePlan.Location mine : locations) {
        for (HdfsDirectory theirs : other.hdfsDirectories()) {
          InvalidInputException.check(!theirs.covers(mine.path()) && !Paths.isSameOrBelow(theirs.path(), mine.path()),
              mine.field(), "Directory %s of %s overlaps %s, protected by group '%s'", mine.path(), mine.owner(),
              theirs.path(), other.name());
        }
      }
      for (HdfsDirectory mine : group.hdfsDirectories()) {
        for (HdfsDirectory theirs : other.hdfsDirectories()) {
          InvalidInputException.check(!mine.covers(theirs.path()) && !theirs.covers(mine.path()), field(group, mine),
              "HDFS directory %s is already protected by group '%s' (%s)", mine.path(), other.name(), theirs.path());
        }
      }
      // A root shared by two groups would make each group's replication look like drift to the other.
      List<String> theirRoots = rootsOf(other);
      for (SnapshotRoot r : roots) {
        for (String t : theirRoots) {
          InvalidInputException.check(!r.path().equals(t), "dataSets",
              "Snapshot root %s already serves group '%s'; make the directories of each group snapshottable on "
                  + "their own", r.path(), other.name());
        }
      }
    }
    return roots;
  }

  /** Another group's roots as they are now; its vanished directories are its own problem, not this group's. */
  private List<String> rootsOf(ProtectionGroup other) {
    return other.hdfsDirectories().stream()
        .filter(d -> primary.isDirectory(d.path()))
        .map(d -> primary.snapshottableRootOf(d.path()).orElse(d.path()))
        .toList();
  }

  private static String field(ProtectionGroup group, HdfsDirectory dir) {
    return "dataSets[" + group.dataSets().indexOf(dir) + "].path";
  }
}
