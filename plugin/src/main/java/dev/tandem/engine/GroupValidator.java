package dev.tandem.engine;

import dev.tandem.model.DataSet;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import java.util.List;

/**
 * Checks a group against the world before it is stored: both sites known, every directory present and
 * snapshottable (or allowed to become so), every metastore object resolvable, nothing protected twice.
 * Changes nothing.
 */
public final class GroupValidator {
  private final java.util.function.Function<SiteId, java.util.Optional<Site>> sites;
  private final java.util.function.Supplier<List<ProtectionGroup>> groups;
  private final SnapshotStore primary;
  private final MetastoreReplicator metastore;

  public GroupValidator(Registry registry, SnapshotStore primary) {
    this(registry, primary, MetastoreReplicator.NONE);
  }

  public GroupValidator(Registry registry, SnapshotStore primary, MetastoreReplicator metastore) {
    this(registry::site, registry::groups, primary, metastore);
  }

  /**
   * Against known sites and groups given one by one: a state import validates its groups against the sites and
   * groups it is about to write, before it writes any of them.
   */
  public GroupValidator(java.util.function.Function<SiteId, java.util.Optional<Site>> sites,
      java.util.function.Supplier<List<ProtectionGroup>> groups, SnapshotStore primary,
      MetastoreReplicator metastore) {
    this.sites = sites;
    this.groups = groups;
    this.primary = primary;
    this.metastore = metastore;
  }

  public List<SnapshotRoot> validate(ProtectionGroup group) {
    InvalidInputException.check(sites.apply(group.pair().primary()).isPresent(), "pair.primary",
        "Unknown site '%s'", group.pair().primary());
    InvalidInputException.check(sites.apply(group.pair().secondary()).isPresent(), "pair.secondary",
        "Unknown site '%s'", group.pair().secondary());
    List<MetastorePlan.Location> locations = metastore.plan(group).locations();
    List<SnapshotRoot> roots = new CutPlanner(primary).check(group, locations);
    for (ProtectionGroup other : groups.get()) {
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
          InvalidInputException.check(!overlap(mine.path(), theirs.path()), mine.field(),
              "Directory %s of %s overlaps %s, protected by group '%s'", mine.path(), mine.owner(), theirs.path(),
              other.name());
        }
      }
      // Their metastore objects as resolved now: a table of one group may lie in another's directories
      // whatever the databases and tables are named.
      List<MetastorePlan.Location> theirLocations = other.dataSets().stream()
          .anyMatch(d -> d.component() == DataSet.Component.HIVE) ? metastore.occupied(other) : List.of();
      for (MetastorePlan.Location theirs : theirLocations) {
        for (MetastorePlan.Location mine : locations) {
          InvalidInputException.check(!overlap(mine.path(), theirs.path()), mine.field(),
              "Directory %s of %s overlaps %s of %s, protected by group '%s'", mine.path(), mine.owner(),
              theirs.path(), theirs.owner(), other.name());
        }
        for (HdfsDirectory mine : group.hdfsDirectories()) {
          InvalidInputException.check(!overlap(mine.path(), theirs.path()), field(group, mine),
              "HDFS directory %s overlaps %s of %s, protected by group '%s'", mine.path(), theirs.path(),
              theirs.owner(), other.name());
        }
      }
      for (HdfsDirectory mine : group.hdfsDirectories()) {
        for (HdfsDirectory theirs : other.hdfsDirectories()) {
          InvalidInputException.check(!mine.covers(theirs.path()) && !theirs.covers(mine.path()), field(group, mine),
              "HDFS directory %s is already protected by group '%s' (%s)", mine.path(), other.name(), theirs.path());
        }
      }
      // A root shared by two groups would make each group's replication look like drift to the other.
      List<String> theirRoots = rootsOf(other, theirLocations);
      for (SnapshotRoot r : roots) {
        for (String t : theirRoots) {
          InvalidInputException.check(!r.path().equals(t), fieldUnder(group, locations, r.path()),
              "Snapshot root %s already serves group '%s'; make the directories of each group snapshottable on "
                  + "their own", r.path(), other.name());
        }
      }
    }
    return roots;
  }

  /** Another group's roots as they are now; its vanished directories are its own problem, not this group's. */
  private List<String> rootsOf(ProtectionGroup other, List<MetastorePlan.Location> metastoreLocations) {
    return java.util.stream.Stream.concat(other.hdfsDirectories().stream().map(HdfsDirectory::path),
            metastoreLocations.stream().map(MetastorePlan.Location::path))
        .filter(primary::isDirectory)
        .map(p -> primary.snapshottableRootOf(p).orElse(p))
        .distinct()
        .toList();
  }

  /** One directory lies in the other (or they are the same). */
  private static boolean overlap(String a, String b) {
    return Paths.isSameOrBelow(a, b) || Paths.isSameOrBelow(b, a);
  }

  /** The field of the group's first directory, or metastore object, below {@code root}. */
  private static String fieldUnder(ProtectionGroup group, List<MetastorePlan.Location> locations, String root) {
    return group.hdfsDirectories().stream().filter(d -> Paths.isSameOrBelow(d.path(), root))
        .map(d -> field(group, d)).findFirst()
        .orElseGet(() -> locations.stream().filter(l -> Paths.isSameOrBelow(l.path(), root))
            .map(MetastorePlan.Location::field).findFirst().orElse("dataSets"));
  }

  private static String field(ProtectionGroup group, HdfsDirectory dir) {
    return "dataSets[" + group.dataSets().indexOf(dir) + "].path";
  }
}
