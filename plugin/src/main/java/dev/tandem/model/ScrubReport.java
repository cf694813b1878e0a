package dev.tandem.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run's continuous verification (scrub) compared besides the region its snapshot diffs touched: a rotating
 * slice of every root's files (listing entry and checksum of the primary's cut against the secondary), and of the
 * group's Hive tables (the full digest). Files that differed were copied again before the cut was sealed and are
 * part of the run's verification.
 *
 * @param filesCompared files of the slices compared
 * @param filesDiffered files that differed from the primary (and were copied again)
 * @param differences the first of them ({@code /root/path: what differed}), bounded
 * @param took time spent comparing and repairing
 * @param wholeTree every file was compared in this run (a full copy or a forced whole verification)
 * @param passesCompleted roots whose pass through every file completed in this run
 * @param fullPassAt when every root of the group last completed a pass, null until all have
 * @param tablesCompared Hive tables of the slice compared with the full digest
 * @param tablesDiffered of them, tables whose digest differed from the cut's image
 */
public record ScrubReport(long filesCompared, long filesDiffered, List<String> differences, Duration took,
    boolean wholeTree, List<String> passesCompleted, Instant fullPassAt, long tablesCompared, long tablesDiffered) {
  public static final ScrubReport NONE = new ScrubReport(0, 0, List.of(), Duration.ZERO, false, List.of(), null, 0, 0);

  public ScrubReport {
    differences = differences == null ? List.of() : List.copyOf(differences);
    passesCompleted = passesCompleted == null ? List.of() : List.copyOf(passesCompleted);
    took = took == null ? Duration.ZERO : took;
  }

  /** Something differed from the primary: the secondary held data that no snapshot diff accounted for. */
  public boolean foundDifferences() {
    return filesDiffered > 0 || tablesDiffered > 0;
  }
}
