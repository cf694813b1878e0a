package dev.tandem.model;

import java.time.Duration;
import java.util.List;

/**
 * What a run did, for operators and alerts. {@code notes} records every non-obvious decision (a rollback of
 * drift on the secondary, a full copy where an incremental one was expected) with its reason: nothing
 * falls back silently.
 */
public record RunReport(CopyMode mode, CopyMethod method, long filesCopied, long bytesCopied, long pathsDeleted,
    long pathsRenamed, Duration consistencyWindow, Verification verification, List<String> notes,
    MetadataReport metadata, ScrubReport scrub) {
  public RunReport {
    notes = List.copyOf(notes);
    metadata = metadata == null ? MetadataReport.NONE : metadata;
    scrub = scrub == null ? ScrubReport.NONE : scrub; // records written before the scrub existed have none
  }

  /** A report without a scrub. */
  public RunReport(CopyMode mode, CopyMethod method, long filesCopied, long bytesCopied, long pathsDeleted,
      long pathsRenamed, Duration consistencyWindow, Verification verification, List<String> notes,
      MetadataReport metadata) {
    this(mode, method, filesCopied, bytesCopied, pathsDeleted, pathsRenamed, consistencyWindow, verification, notes,
        metadata, ScrubReport.NONE);
  }

  /** A report of a run without metastore objects. */
  public RunReport(CopyMode mode, CopyMethod method, long filesCopied, long bytesCopied, long pathsDeleted,
      long pathsRenamed, Duration consistencyWindow, Verification verification, List<String> notes) {
    this(mode, method, filesCopied, bytesCopied, pathsDeleted, pathsRenamed, consistencyWindow, verification, notes,
        MetadataReport.NONE, ScrubReport.NONE);
  }
}
