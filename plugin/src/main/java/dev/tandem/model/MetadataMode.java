package dev.tandem.model;

/** How a run brought the secondary's metastore objects to the cut. */
public enum MetadataMode {
  /** The group protects no metastore objects. */
  NONE,
  /** Every protected object copied as of the cut (first run, or the events since the last cut expired). */
  BOOTSTRAP,
  /** The metastore's events since the last good cut replayed up to the cut. */
  INCREMENTAL
}
