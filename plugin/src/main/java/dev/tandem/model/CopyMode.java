package dev.tandem.model;

public enum CopyMode {
  /** Everything in the cut (first run, or no common cut with the secondary). */
  FULL,
  /** Only the snapshot diff since the last good cut. */
  INCREMENTAL
}
