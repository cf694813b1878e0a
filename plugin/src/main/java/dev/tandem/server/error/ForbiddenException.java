package dev.tandem.server.error;

import dev.tandem.model.TandemException;

/** The caller is known but may not do this (403): a role too low, or a cross-site state change (CSRF). */
public class ForbiddenException extends TandemException {
  public ForbiddenException(String message) {
    super(message);
  }
}
