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
 */
public record RunOptions(Duration lockWait, Duration drainTimeout, boolean verifyAllChecksums, int runHistory,
    Duration verifyFullInterval) {
  public static final Duration DEFAULT_VERIFY_FULL_INTERVAL = Duration.ofHours(24);

  public RunOptions {
    verifyFullInterval = verifyFullInterval == null ? DEFAULT_VERIFY_FULL_INTERVAL : verifyFullInterval;
    if (verifyFullInterval.isNegative()) {
      throw new IllegalArgumentException("verifyFullInterval must not be negative: " + verifyFullInterval);
    }
  }

  public static RunOptions defaults() {
    return new RunOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), false, 50, DEFAULT_VERIFY_FULL_INTERVAL);
  }

  public RunOptions withVerifyAllChecksums(boolean value) {
    return new RunOptions(lockWait, drainTimeout, value, runHistory, verifyFullInterval);
  }

  public RunOptions withVerifyFullInterval(Duration value) {
    return new RunOptions(lockWait, drainTimeout, verifyAllChecksums, runHistory, value);
  }
}
