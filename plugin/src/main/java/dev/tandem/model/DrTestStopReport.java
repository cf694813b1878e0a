package dev.tandem.model;

import java.util.List;

/**
 * What stopping a DR test removed: the test databases dropped (with their tables, never a file), whether the
 * retention hold on the cut was released, and notes on what was left (a database gone already, or one that no
 * longer carries the group's marker and so was not dropped).
 */
public record DrTestStopReport(GroupName group, CutId cut, List<String> databasesDropped, long tablesDropped,
    boolean holdReleased, List<String> notes) {
  public DrTestStopReport {
    databasesDropped = List.copyOf(databasesDropped);
    notes = List.copyOf(notes);
  }
}
