package dev.tandem.engine;

import java.time.Duration;

/**
 * Tunables of a run.
 *
 * @param lockWait how long to wait for another run of the same group before giving up
 * @param drainTimeout how long in-flight writes may take to drain once the fence is raised
 * @param verifyAllChecksums checksum every file on incremental runs too (full runs always do)
 * @param runHistory how many run records to keep per group in the registry
 * @param verifyFullInterval every protected file is compared with the primary at least once per interval, a slice
 *     per run besides what the snapshot diffs touched (see {@link Scrubber}); zero turns the scrub off
 * @param driftSnapshotRetention how long drift snapshots ({@code tandem-<group>-drift-<time>}, what a rollback
 *     kept of a site's divergent state) are kept before RETAIN deletes them; zero keeps them for ever
 */
public record RunOptions(Duration lockWait, Duration drainTimeout, boolean verifyAllChecksums, int runHistory,
    Duration verifyFullInterval, Duration driftSnapshotRetention) {
  public static final Duration DEFAULT_VERIFY_FULL_INTERVAL = Duration.ofHours(24);
  /** A week: long enough to look at what a rollback set aside after a weekend, short enough not to fill HDFS. */
  public static final Duration DEFAULT_DRIFT_SNAPSHOT_RETENTION = Duration.ofDays(7);

  public RunOptions {
    verifyFullInterval = verifyFullInterval == null ? DEFAULT_VERIFY_FULL_INTERVAL : verifyFullInterval;
    if (verifyFullInterval.isNegative()) {
      throw new IllegalArgumentException("verifyFullInterval must not be negative: " + verifyFullInterval);
    }
    driftSnapshotRetention = driftSnapshotRetention == null ? DEFAULT_DRIFT_SNAPSHOT_RETENTION
        : driftSnapshotRetention;
    if (driftSnapshotRetention.isNegative()) {
      throw new IllegalArgumentException("driftSnapshotRetention must not be negative: " + driftSnapshotRetention);
    }
  }

  public static RunOptions defaults() {
    return new RunOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), false, 50, DEFAULT_VERIFY_FULL_INTERVAL,
        DEFAULT_DRIFT_SNAPSHOT_RETENTION);
  }

  public RunOptions withVerifyAllChecksums(boolean value) {
    return new RunOptions(lockWait, drainTimeout, value, runHistory, verifyFullInterval, driftSnapshotRetention);
  }

  public RunOptions withVerifyFullInterval(Duration value) {
    return new RunOptions(lockWait, drainTimeout, verifyAllChecksums, runHistory, value, driftSnapshotRetention);
  }

  public RunOptions withDriftSnapshotRetention(Duration value) {
    return new RunOptions(lockWait, drainTimeout, verifyAllChecksums, runHistory, verifyFullInterval, value);
  }
}
