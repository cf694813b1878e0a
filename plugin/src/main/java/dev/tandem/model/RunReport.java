package dev.tandem.model;

import java.time.Duration;
import java.util.List;

/**
 * What a run did, for operators and alerts. {@code notes} records every non-obvious decision (a rollback of
 * drift on the secondary, a full copy where an incremental one was expected) with its reason: nothing
 * falls back silently.
 */
public record RunReport(CopyMode mode, CopyMethod method, long filesCopied, long bytesCopied, long pathsDeleted,
    long pathsRenamed, Duration consistencyWindow, Verification verification, List<String> notes) {
  public RunReport {
    notes = List.copyOf(notes);
  }
}
