package dev.tandem.model;

/** Whether Tandem may make a protected directory snapshottable when no snapshottable root covers it. */
public enum SnapshotEnablement {
  /** Every directory must already lie under a snapshottable directory; otherwise the group is rejected. */
  EXISTING_ONLY,
  /** Tandem runs {@code allowSnapshot} on the directory itself (the lowest possible root). */
  ENABLE_IF_MISSING
}
