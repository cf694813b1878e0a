package dev.tandem.server.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How the scheduler retries a scheduled moment whose run failed: up to {@code attempts} more runs, the first
 * {@code backoff} after the failure, each later one twice as long after the one before it failed. A retry starts
 * only before the group's next scheduled moment; from then on that moment's own run carries on.
 *
 * <p>Without retries one failure doubles the data-loss window: the lag grows by a whole period before the next
 * moment runs.
 */
public record RetryPolicy(int attempts, Duration backoff) {
  public static final int ATTEMPTS_DEFAULT = 3;
  public static final Duration BACKOFF_DEFAULT = Duration.ofMinutes(5);
  public static final RetryPolicy NONE = new RetryPolicy(0, BACKOFF_DEFAULT);
  /** Doubling stops here: 2^20 backoffs is beyond any sane period. */
  private static final int MAX_DOUBLINGS = 20;

  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff cannot be null");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
    if (backoff.isNegative() || backoff.isZero()) {
      throw new IllegalArgumentException("backoff must be positive: " + backoff);
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(ATTEMPTS_DEFAULT, BACKOFF_DEFAULT);
  }

  /** When the retry after {@code made} earlier retries may start, given the last attempt failed at {@code failedAt}. */
  public Instant nextAttemptAt(int made, Instant failedAt) {
    return failedAt.plus(backoff.multipliedBy(1L << Math.min(made, MAX_DOUBLINGS)));
  }
}
