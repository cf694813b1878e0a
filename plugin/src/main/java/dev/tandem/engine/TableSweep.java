package dev.tandem.engine;

import dev.tandem.model.SweepProgress;
import java.time.Instant;

/**
 * What a run asks of the metastore's part of the scrub: besides the tables events touched, compare a slice of
 * the group's other tables with the primary, so that every table is compared at least once per verification
 * interval (the same arithmetic as the files' slices, {@link ScrubSlicer}).
 *
 * @param before the tables' sweep so far, null when there is none (a pass begins now)
 * @param slicer sizes the slice; null: the scrub is off
 * @param whole compare every table in this run (a forced whole verification)
 * @param now the run's clock reading for the slice's arithmetic
 */
public record TableSweep(SweepProgress before, ScrubSlicer slicer, boolean whole, Instant now) {
  public static final TableSweep OFF = new TableSweep(null, null, false, Instant.EPOCH);

  public boolean on() {
    return slicer != null;
  }
}
