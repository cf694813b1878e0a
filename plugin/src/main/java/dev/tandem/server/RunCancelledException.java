package dev.tandem.server;

import dev.tandem.model.TandemException;

/** Thrown at a step boundary of a run whose cancellation was requested; the run ends FAILED with this message. */
final class RunCancelledException extends TandemException {
  RunCancelledException(String message) {
    super(message);
  }
}
