package dev.tandem.model;

import java.util.List;

/**
 * What a restore wrote, or in a dry run would write: its actions, the files and directories (at most
 * {@link #MAX_ENTRIES}; {@code entriesOmitted} says how many more), and what was copied and written.
 */
public record RestoreReport(GroupName group, CutId cut, SiteId site, boolean dryRun, List<RestoreAction> actions,
    List<RestoreEntry> entries, long entriesOmitted, long filesCopied, long bytesCopied, long pathsDeleted,
    long tablesWritten, long partitionsWritten, List<String> notes) {
  public static final int MAX_ENTRIES = 1_000;

  public RestoreReport {
    actions = List.copyOf(actions);
    entries = List.copyOf(entries);
    notes = List.copyOf(notes);
  }
}
