package dev.tandem.model;

import java.time.Instant;
import java.util.List;

/**
 * One execution for a group: cut, replicate, verify, commit.
 *
 * @param requestedBy who started it: a user, {@code scheduler}, or {@code scheduler (retry 1 of 3 after r-...)};
 *     null on records written before it was kept
 */
public record Run(String id, GroupName group, CutId cut, RunState state, Instant startedAt, Instant endedAt,
    List<StepTiming> steps, RunReport report, String error, String requestedBy) {
  public Run {
    steps = List.copyOf(steps);
  }

  /** The same run in another state (the record as a crashed run's repair writes it). */
  public Run ended(RunState state, Instant endedAt, String error) {
    return new Run(id, group, cut, state, startedAt, endedAt, steps, report, error, requestedBy);
  }

  public static String newId(Instant startedAt) {
    return "r-" + CutId.at(startedAt).value();
  }
}
