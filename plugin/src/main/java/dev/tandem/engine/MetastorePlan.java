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
   */
  record Location(String path, String field, String owner) {}
}
