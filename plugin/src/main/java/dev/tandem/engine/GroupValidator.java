package dev.tandem.engine;

import dev.tandem.model.ConflictException;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotRoot;
import java.util.List;

/**
 * Checks a group against the world before it is stored: both sites known, every directory present and
 * snapshottable (or allowed to become so), nothing protected twice. Changes nothing.
 */
public final class GroupValidator {
  private final Registry registry;
  private final SnapshotStore primary;

  public GroupValidator(Registry registry, SnapshotStore primary) {
    this.registry = registry;
    this.primary = primary;
  }

  public List<SnapshotRoot> validate(ProtectionGroup group) {
    if (registry.site(group.pair().primary()).isEmpty()) {
      throw new NotFoundException("Unknown site '" + group.pair().primary() + "' (field pair.primary)");
    }
    if (registry.site(group.pair().secondary()).isEmpty()) {
      throw new NotFoundException("Unknown site '" + group.pair().secondary() + "' (field pair.secondary)");
    }
    List<SnapshotRoot> roots = new CutPlanner(primary).check(group);
    for (ProtectionGroup other : registry.groups()) {
      if (other.name().equals(group.name()) || !other.pair().primary().equals(group.pair().primary())) {
        continue;
      }
      for (HdfsDirectory mine : group.hdfsDirectories()) {
        for (HdfsDirectory theirs : other.hdfsDirectories()) {
          if (mine.covers(theirs.path()) || theirs.covers(mine.path())) {
            throw new ConflictException("HDFS directory " + mine.path() + " is already protected by group '"
                + other.name() + "' (" + theirs.path() + ")");
          }
        }
      }
      // A root shared by two groups would make each group's replication look like drift to the other.
      List<SnapshotRoot> theirRoots = new CutPlanner(primary).check(other);
      for (SnapshotRoot r : roots) {
        for (SnapshotRoot t : theirRoots) {
          if (r.path().equals(t.path())) {
            throw new ConflictException("Snapshot root " + r.path() + " already serves group '" + other.name()
                + "'; make the directories of each group snapshottable on their own");
          }
        }
      }
    }
    return roots;
  }
}
