package dev.tandem.model;

import java.time.Instant;

/**
 * How far the continuous verification (scrub) of one snapshot root has come: it compares the root's files in a
 * fixed order, a slice per run, and starts over once it has passed the last one.
 *
 * @param cursor the last file compared in the current pass, relative to the root ("" = the pass has not begun)
 * @param passStartedAt when the current pass began; it must end within the verification interval
 * @param compared files compared so far in the current pass
 * @param lastPassCompletedAt when a pass last completed (every file of the root compared since it began), or null
 */
public record SweepProgress(String cursor, Instant passStartedAt, long compared, Instant lastPassCompletedAt) {
  public SweepProgress {
    cursor = cursor == null ? "" : cursor;
    compared = Math.max(0, compared);
  }

  /** A pass that begins at {@code now}, remembering when the last one completed. */
  public static SweepProgress startingAt(Instant now, Instant lastPassCompletedAt) {
    return new SweepProgress("", now, 0, lastPassCompletedAt);
  }
}
