package dev.tandem.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One consistent point-in-time image of all data sets of a group, taken under one fence.
 *
 * @param consistencyWindow time from raising the fence to the last snapshot: the longest any writer was held
 * @param metastoreEventId the Hive metastore notification event id read under the fence (-1 without Hive)
 */
public record Cut(CutId id, GroupName group, Instant takenAt, List<SnapshotRoot> roots, Duration consistencyWindow,
    long metastoreEventId) {
  public Cut {
    roots = List.copyOf(roots);
  }

  public String snapshotName() {
    return id.snapshotName(group);
  }
}
