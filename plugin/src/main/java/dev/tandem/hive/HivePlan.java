package dev.tandem.hive;

import dev.tandem.engine.MetastorePlan;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SweepProgress;
import java.util.List;
import java.util.Map;
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
 * @param scrubbed the tables PLAN compared with the primary for the scrub, and what it found
 */
record HivePlan(GroupName group, HiveScope scope, long dumpedAfterEventId, HiveImage dump,
    List<MetastorePlan.Location> locations, Optional<CutId> base, Set<String> touched, long eventsReplayed,
    List<String> notes, Scrubbed scrubbed) implements MetastorePlan {
  HivePlan {
    locations = List.copyOf(locations);
    touched = Set.copyOf(touched);
    notes = List.copyOf(notes);
  }

  /** A plan read whole from the primary. */
  static HivePlan read(GroupName group, HiveScope scope, long eventId, HiveImage dump,
      List<MetastorePlan.Location> locations, List<String> notes, Scrubbed scrubbed) {
    return new HivePlan(group, scope, eventId, dump, locations, Optional.empty(), Set.of(), 0, notes, scrubbed);
  }

  /**
   * The scrub's share of PLAN: tables re-read from the primary besides those events touched.
   *
   * @param compared the tables compared
   * @param differing of them, each table whose fresh state differed from the image's, with the first difference
   *     (some may turn out to be changes the events after the read account for: REPLICATE_METADATA knows)
   * @param next the tables' sweep once the run commits; null when the scrub is off
   */
  record Scrubbed(Set<String> compared, Map<String, String> differing, SweepProgress next) {
    static final Scrubbed NONE = new Scrubbed(Set.of(), Map.of(), null);

    Scrubbed {
      compared = Set.copyOf(compared);
      differing = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(differing));
    }
  }
}
