package dev.tandem.server.error;

import dev.tandem.model.TandemException;

/** The request carries no credentials, or wrong ones (401). The message never repeats what was sent. */
public class AuthenticationRequiredException extends TandemException {
  private final boolean offerBasic;

  public AuthenticationRequiredException(String message, boolean offerBasic) {
    super(message);
    this.offerBasic = offerBasic;
  }

  /** Whether the response invites HTTP basic authentication ({@code WWW-Authenticate: Basic}). */
  public boolean offerBasic() {
    return offerBasic;
  }
}
