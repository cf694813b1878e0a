package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * The run's continuous verification: a slice of every root compared with the primary besides what changed.
 *
 * @param filesDiffered files that differed from the primary and were copied again before the cut was sealed
 * @param differences the first of them, with what differed
 * @param tookMs time the comparison took, beside the copy of the new cut
 * @param addedMs what the scrub added to the run (the seal's wait for the comparison, and copying again what
 *     differed); {@code sharePercent} of the run's time
 * @param wholeTree every file was verified in this run (a full copy or {@code verifyAll})
 * @param passesCompleted roots whose pass through every file completed in this run
 * @param fullPassAt when every root (and the Hive tables' sweep) last completed a pass (null until all have)
 * @param tablesCompared Hive tables compared with the primary besides those events touched
 * @param tablesDiffered of them, tables that differed and were written to the secondary again
 * @param betweenRuns the files were compared between runs, after the previous run committed, instead of beside
 *     this run's copy
 */
public record ScrubDto(long filesCompared, long filesDiffered, List<String> differences, long tookMs,
    Double sharePercent, boolean wholeTree, List<String> passesCompleted, Instant fullPassAt, long tablesCompared,
    long tablesDiffered, long addedMs, boolean betweenRuns) {}
