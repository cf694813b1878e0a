package dev.tandem.model;

import java.time.Instant;
import java.util.List;

/** One execution for a group: cut, replicate, verify, commit. */
public record Run(String id, GroupName group, CutId cut, RunState state, Instant startedAt, Instant endedAt,
    List<StepTiming> steps, RunReport report, String error) {
  public Run {
    steps = List.copyOf(steps);
  }

  public static String newId(Instant startedAt) {
    return "r-" + CutId.at(startedAt).value();
  }
}
