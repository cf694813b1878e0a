package dev.tandem.model;

/** What a snapshot under a group's root is to Tandem. */
public enum SnapshotKind {
  /** A cut of the group, {@code tandem-<group>-<cutId>}, kept by retention. */
  CUT,
  /** What a rollback set aside of a site's divergent state, {@code tandem-<group>-drift-<time>}. */
  DRIFT,
  /** Anyone else's snapshot of the root (an operator's, another tool's). */
  OTHER
}
