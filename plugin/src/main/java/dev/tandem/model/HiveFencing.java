package dev.tandem.model;

/**
 * Whether a group's cut may hold Hive metadata without the metastore fence. The fence (Tandem's listener in each
 * metastore) keeps metadata changes from falling between the HDFS snapshots and the metastore event id of a cut;
 * without it, a table or partition changed while the cut is taken can be in the metadata but not in the files, or
 * the other way round.
 */
public enum HiveFencing {
  /** A cut with Hive data sets fails when no metastore of the primary site has the listener registered. */
  REQUIRED,
  /** Such a cut goes ahead unfenced, and its run report says so. */
  ALLOW_UNFENCED
}
