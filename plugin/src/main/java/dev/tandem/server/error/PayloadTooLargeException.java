package dev.tandem.server.error;

import dev.tandem.model.TandemException;

/** The request body is larger than the server reads (413); the message names the limit and its setting. */
public class PayloadTooLargeException extends TandemException {
  public PayloadTooLargeException(String message) {
    super(message);
  }
}
