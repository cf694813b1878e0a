package dev.tandem.server.error;

import dev.tandem.model.TandemException;
import java.time.Duration;

/** Too many failed logins from this client or for this user (429); {@code retryAfter} becomes {@code Retry-After}. */
public class TooManyRequestsException extends TandemException {
  private final Duration retryAfter;

  public TooManyRequestsException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** Whole seconds, at least 1, as {@code Retry-After} carries them. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
