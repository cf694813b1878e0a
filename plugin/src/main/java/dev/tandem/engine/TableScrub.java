package dev.tandem.engine;

import dev.tandem.model.SweepProgress;
import java.util.List;

/**
 * What the metastore's part of a run's scrub compared and found: tables re-read from the primary and compared
 * with the state the last good cut's image gave them. A table that differed was written to the secondary in the
 * same run, so VERIFY checked it.
 *
 * @param compared tables compared with the primary
 * @param differed of them, tables whose state on the primary differed from what the image said
 * @param differences the first of them ({@code hive db.table: what differed}), bounded
 * @param next the tables' sweep once the run commits; null keeps what the registry holds
 */
public record TableScrub(long compared, long differed, List<String> differences, SweepProgress next) {
  public static final TableScrub NONE = new TableScrub(0, 0, List.of(), null);

  public TableScrub {
    differences = differences == null ? List.of() : List.copyOf(differences);
  }
}
