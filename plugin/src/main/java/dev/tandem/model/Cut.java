package dev.tandem.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One consistent point-in-time image of all data sets of a group, taken under one fence.
 *
 * @param consistencyWindow time from raising the fence to the last snapshot: the longest any writer was held
 * @param metastoreEventId the Hive metastore notification event id read under the fence (-1 without Hive)
 * @param openFiles files open for write at the cut (absent in records written before Tandem tracked them)
 */
public record Cut(CutId id, GroupName group, Instant takenAt, List<SnapshotRoot> roots, Duration consistencyWindow,
    long metastoreEventId, OpenFiles openFiles) {
  public Cut {
    roots = List.copyOf(roots);
    openFiles = openFiles == null ? OpenFiles.NONE : openFiles;
  }

  public Cut(CutId id, GroupName group, Instant takenAt, List<SnapshotRoot> roots, Duration consistencyWindow,
      long metastoreEventId) {
    this(id, group, takenAt, roots, consistencyWindow, metastoreEventId, OpenFiles.NONE);
  }

  public Cut withOpenFiles(OpenFiles files) {
    return new Cut(id, group, takenAt, roots, consistencyWindow, metastoreEventId, files);
  }

  public String snapshotName() {
    return id.snapshotName(group);
  }
}
