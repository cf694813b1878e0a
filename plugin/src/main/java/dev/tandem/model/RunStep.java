package dev.tandem.model;

/** The steps of one run, in order. Each is idempotent: a retried run may find a step already done. */
public enum RunStep {
  /** Write the group's configuration to both sites' registries, so the secondary can act alone. */
  SYNC_CONFIG,
  /** Take the group's lock; only one run of a group at a time, across servers. */
  LOCK,
  /** Resolve data sets to snapshot roots. */
  PLAN,
  /** Reconcile after an earlier crash: fix the last-good pointers, drop uncommitted snapshots, roll back drift. */
  RECOVER,
  /** Fence writers, snapshot every root, unfence. */
  CUT,
  /** Copy the cut to the secondary: full the first time, snapshot diff afterwards. */
  REPLICATE,
  /** Bring the secondary's metastore objects (Hive tables, partitions) to the cut: bootstrap, then events. */
  REPLICATE_METADATA,
  /** Snapshot the secondary's copy with the cut's name. */
  SEAL,
  /** Compare the cut on both sides: listing and checksums, and the metastore objects' digest. */
  VERIFY,
  /** Capture the group's user data at the primary and keep it on the secondary as the cut's version. */
  USER_DATA,
  /** Move the group's last good cut in both registries. */
  COMMIT,
  /** Delete cuts beyond the retention count, never the last common one. */
  RETAIN
}
