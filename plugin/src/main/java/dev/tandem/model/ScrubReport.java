package dev.tandem.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run's continuous verification (scrub) compared besides the region its snapshot diffs touched: a rotating
 * slice of every root's files (listing entry and checksum of both sites' snapshots of the last good cut), and of
 * the group's Hive tables (the full digest). Files that differed were copied again before the new cut was sealed
 * and are part of the run's verification.
 *
 * @param filesCompared files of the slices compared
 * @param filesDiffered files that differed from the primary (and were copied again)
 * @param differences the first of them ({@code /root/path: what differed}), bounded
 * @param took time spent comparing, beside the copy of the new cut
 * @param wholeTree every file was compared in this run (a full copy or a forced whole verification)
 * @param passesCompleted roots whose pass through every file completed in this run
 * @param fullPassAt when every root of the group (and the sweep through its Hive tables) last completed a pass,
 *     null until all have
 * @param tablesCompared Hive tables of the slice compared with the full digest
 * @param tablesDiffered of them, tables whose digest differed from the cut's image
 * @param waited what the scrub added to the run: the time the seal waited for the comparison once the copy was
 *     done, plus copying again what differed
 * @param betweenRuns the files were compared between runs, after the previous run committed, instead of beside this
 *     run's copy
 */
public record ScrubReport(long filesCompared, long filesDiffered, List<String> differences, Duration took,
    boolean wholeTree, List<String> passesCompleted, Instant fullPassAt, long tablesCompared, long tablesDiffered,
    Duration waited, boolean betweenRuns) {
  /** How many differences a report lists. */
  public static final int MAX_DIFFERENCES = 20;
  public static final ScrubReport NONE = new ScrubReport(0, 0, List.of(), Duration.ZERO, false, List.of(), null, 0, 0,
      Duration.ZERO, false);

  public ScrubReport {
    differences = differences == null ? List.of() : List.copyOf(differences);
    passesCompleted = passesCompleted == null ? List.of() : List.copyOf(passesCompleted);
    took = took == null ? Duration.ZERO : took;
    waited = waited == null ? Duration.ZERO : waited;
  }

  /**
   * This report with the Hive tables' part of the scrub: their counts, their differences after the files' (the
   * list stays bounded), and the full pass as of the older of the files' and the tables' last passes.
   *
   * @param tablesPassAt when the sweep through the tables last completed a pass, null if never
   */
  public ScrubReport withTables(long compared, long differed, List<String> tableDifferences, Instant tablesPassAt) {
    List<String> all = new java.util.ArrayList<>(differences);
    for (String d : tableDifferences) {
      if (all.size() >= MAX_DIFFERENCES) {
        break;
      }
      all.add(d);
    }
    Instant full = fullPassAt == null || tablesPassAt == null ? null
        : fullPassAt.isBefore(tablesPassAt) ? fullPassAt : tablesPassAt;
    return new ScrubReport(filesCompared, filesDiffered, all, took, wholeTree, passesCompleted, full,
        tablesCompared + compared, tablesDiffered + differed, waited, betweenRuns);
  }

  /** Something differed from the primary: the secondary held data that no snapshot diff accounted for. */
  public boolean foundDifferences() {
    return filesDiffered > 0 || tablesDiffered > 0;
  }
}
