package dev.tandem.engine;

import java.time.Duration;

/**
 * Tunables of a run.
 *
 * @param lockWait how long to wait for another run of the same group before giving up
 * @param drainTimeout how long in-flight writes may take to drain once the fence is raised
 * @param verifyAllChecksums checksum every file on incremental runs too (full runs always do)
 * @param runHistory how many run records to keep per group in the registry
 */
public record RunOptions(Duration lockWait, Duration drainTimeout, boolean verifyAllChecksums, int runHistory) {
  public static RunOptions defaults() {
    return new RunOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), false, 50);
  }

  public RunOptions withVerifyAllChecksums(boolean value) {
    return new RunOptions(lockWait, drainTimeout, value, runHistory);
  }
}
