package dev.tandem.http;

import dev.tandem.model.TandemException;

/**
 * A REST service answered, but not as documented: an error status, a body that is not JSON, or JSON that lacks
 * what the documented resource carries. The message names the service, the call and what was wrong.
 */
public class RemoteServiceException extends TandemException {
  private final int status;

  public RemoteServiceException(String message, int status) {
    super(message);
    this.status = status;
  }

  public RemoteServiceException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status of the answer, 0 when the body was at fault. */
  public int status() {
    return status;
  }
}
