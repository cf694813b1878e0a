package dev.tandem.hive;

import dev.tandem.engine.MetastorePlan;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A group's Hive objects as of event id {@code dumpedAfterEventId}, read before the cut (secondary form). The
 * dump plus every event after that id up to the cut's is the state as of the cut, whatever changed while the
 * dump was being read.
 *
 * <p>The dump is either read whole from the primary, or derived from the image of {@code base} (the last good
 * cut) with the events since replayed onto it: then {@code touched} names the tables those events changed (or
 * that left the group), {@code eventsReplayed} counts them, and only those tables were read from the primary.
 *
 * @param notes what the run's notes should say about how the plan was made
 */
record HivePlan(GroupName group, HiveScope scope, long dumpedAfterEventId, HiveImage dump,
    List<MetastorePlan.Location> locations, Optional<CutId> base, Set<String> touched, long eventsReplayed,
    List<String> notes) implements MetastorePlan {
  HivePlan {
    locations = List.copyOf(locations);
    touched = Set.copyOf(touched);
    notes = List.copyOf(notes);
  }

  /** A plan read whole from the primary. */
  static HivePlan read(GroupName group, HiveScope scope, long eventId, HiveImage dump,
      List<MetastorePlan.Location> locations, List<String> notes) {
    return new HivePlan(group, scope, eventId, dump, locations, Optional.empty(), Set.of(), 0, notes);
  }
}
