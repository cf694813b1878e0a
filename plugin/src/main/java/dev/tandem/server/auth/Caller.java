package dev.tandem.server.auth;

import java.security.Principal;

/**
 * An authenticated caller.
 *
 * @param via how the caller was authenticated: {@code none} (sandbox), {@code basic}, {@code view}
 */
public record Caller(String user, Role role, String via) implements Principal {
  public static final Caller ANONYMOUS_SANDBOX = new Caller("sandbox", Role.ADMIN, "none");

  @Override
  public String getName() {
    return user;
  }
}
