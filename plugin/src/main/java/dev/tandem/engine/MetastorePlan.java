package dev.tandem.engine;

import java.util.List;

/**
 * A group's metastore objects as resolved by {@link MetastoreReplicator#plan}: the directories they occupy on
 * the primary. Implementations carry what they read along to the later steps of the same run.
 */
public interface MetastorePlan {
  MetastorePlan EMPTY = List::of;

  /** Directories the cut must cover, besides the group's own HDFS directories. */
  List<Location> locations();

  /**
   * @param path absolute scheme-less path on the primary
   * @param field the data set field the location comes from, e.g. {@code dataSets[2].table}
   * @param owner what occupies it, e.g. {@code hive:billing.events}
   * @param need whether the directory must exist
   */
  record Location(String path, String field, String owner, Need need) {
    public Location(String path, String field, String owner) {
      this(path, field, owner, Need.REQUIRED);
    }
  }

  /** Whether a location's directory must exist on the primary for the cut. */
  enum Need {
    /** A missing directory fails the run: the object's files would not be in the cut. */
    REQUIRED,
    /**
     * The last known directory of an object absent from the metastore (a table dropped while the run planned):
     * in the cut if it exists, so an object created there again before the cut has its files; else left out.
     */
    IF_PRESENT
  }
}
