package dev.tandem.server.resource;

import dev.tandem.server.auth.Caller;
import jakarta.ws.rs.core.SecurityContext;

/** The authenticated caller's name, for audit lines. */
final class Callers {
  private Callers() {}

  static String name(SecurityContext context) {
    return context.getUserPrincipal() instanceof Caller c ? c.user() : "anonymous";
  }
}
