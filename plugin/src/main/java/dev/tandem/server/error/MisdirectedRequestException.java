package dev.tandem.server.error;

import dev.tandem.model.TandemException;

/** The request names a host (its {@code Host} header) that is not this server (421): DNS rebinding, a stray proxy. */
public class MisdirectedRequestException extends TandemException {
  public MisdirectedRequestException(String message) {
    super(message);
  }
}
