package dev.tandem.hive;

import dev.tandem.engine.MetastorePlan;
import dev.tandem.model.GroupName;
import java.util.List;

/**
 * A group's Hive objects as read from the primary before the cut: the dump (secondary form) and the event id
 * read before the dump started. The dump plus every event after that id up to the cut's is the state as of
 * the cut, whatever changed while the dump was being read.
 */
record HivePlan(GroupName group, HiveScope scope, long dumpedAfterEventId, HiveImage dump,
    List<MetastorePlan.Location> locations) implements MetastorePlan {
  HivePlan {
    locations = List.copyOf(locations);
  }
}
