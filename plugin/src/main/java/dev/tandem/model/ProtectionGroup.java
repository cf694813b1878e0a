package dev.tandem.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The backup policy of one business service: which data sets, on which pair, when, and how many cuts to
 * keep. Validation here is about the group alone; checks against the clusters (paths exist, not protected
 * elsewhere) happen in the engine's {@code GroupValidator}.
 *
 * @param hiveFencing whether a cut may hold Hive metadata without the metastore fence (null: {@link
 *     HiveFencing#REQUIRED}, as in records written before it existed)
 */
public record ProtectionGroup(GroupName name, ClusterPair pair, List<DataSet> dataSets, Schedule schedule,
    int retention, SnapshotEnablement snapshots, boolean enabled, HiveFencing hiveFencing) {

  /** A group whose cuts require the metastore fence. */
  public ProtectionGroup(GroupName name, ClusterPair pair, List<DataSet> dataSets, Schedule schedule, int retention,
      SnapshotEnablement snapshots, boolean enabled) {
    this(name, pair, dataSets, schedule, retention, snapshots, enabled, HiveFencing.REQUIRED);
  }

  public ProtectionGroup {
    InvalidInputException.check(name != null, "name", "Group name is required");
    InvalidInputException.check(pair != null, "pair", "Cluster pair is required");
    InvalidInputException.check(schedule != null, "schedule", "Schedule is required");
    InvalidInputException.check(dataSets != null && !dataSets.isEmpty(), "dataSets",
        "Protection group '%s' has no data sets", name);
    InvalidInputException.check(retention >= 1 && retention <= 1000, "retention",
        "Invalid retention: %d (keep between 1 and 1000 cuts)", retention);
    snapshots = snapshots == null ? SnapshotEnablement.EXISTING_ONLY : snapshots;
    hiveFencing = hiveFencing == null ? HiveFencing.REQUIRED : hiveFencing;
    dataSets = List.copyOf(dataSets);
    checkNoOverlap(dataSets);
  }

  /** Data sets per group: the overlap check is quadratic, and a group is one service. */
  public static final int MAX_DATA_SETS = 1000;

  private static void checkNoOverlap(List<DataSet> dataSets) {
    InvalidInputException.check(dataSets.size() <= MAX_DATA_SETS, "dataSets",
        "Too many data sets: %d (at most %d per group)", dataSets.size(), MAX_DATA_SETS);
    List<DataSet> seen = new ArrayList<>();
    for (int i = 0; i < dataSets.size(); i++) {
      DataSet d = dataSets.get(i);
      InvalidInputException.check(d != null, "dataSets[" + i + "]", "Data set %d is empty", i);
      if (d instanceof HdfsDirectory dir) {
        dir.checkProtectable("dataSets[" + i + "]");
      }
      for (DataSet earlier : seen) {
        InvalidInputException.check(!overlaps(earlier, d), "dataSets[" + i + "]",
            "Data sets overlap: %s and %s (list the outer one only)", earlier.describe(), d.describe());
      }
      seen.add(d);
    }
  }

  /** Two data sets protect some of the same things (a directory inside the other, a table of the database). */
  public static boolean overlaps(DataSet a, DataSet b) {
    if (a instanceof HdfsDirectory x && b instanceof HdfsDirectory y) {
      return x.covers(y.path()) || y.covers(x.path());
    }
    if (a instanceof HiveDatabase x && b instanceof HiveDatabase y) {
      return x.database().equals(y.database());
    }
    if (a instanceof HiveTable x && b instanceof HiveTable y) {
      return x.equals(y);
    }
    if (a instanceof HiveDatabase x && b instanceof HiveTable y) {
      return x.database().equals(y.database());
    }
    if (a instanceof HiveTable x && b instanceof HiveDatabase y) {
      return x.database().equals(y.database());
    }
    return false;
  }

  public List<HdfsDirectory> hdfsDirectories() {
    return dataSets.stream().filter(HdfsDirectory.class::isInstance).map(HdfsDirectory.class::cast).toList();
  }

  public ProtectionGroup withEnabled(boolean value) {
    return new ProtectionGroup(name, pair, dataSets, schedule, retention, snapshots, value, hiveFencing);
  }
}
