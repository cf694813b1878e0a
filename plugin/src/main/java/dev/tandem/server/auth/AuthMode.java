package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import dev.tandem.server.TandemProperties;
import java.util.Locale;

/** Value of {@code tandem.auth.type}. */
public enum AuthMode {
  /** No authentication: every caller is an admin. Only the sandbox may run like this. */
  NONE,
  /** HTTP basic against the users file, plus the Ambari View's header pair. */
  BASIC,
  /** HTTP SPNEGO with the server's keytab; basic too for users with a password, and the View's header pair. */
  KERBEROS;

  public static AuthMode parse(String text) {
    try {
      return AuthMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new InvalidInputException(TandemProperties.AUTH_TYPE, "Unknown authentication type '" + text
          + "' (use basic or kerberos)");
    }
  }
}
