package dev.tandem.http;

import dev.tandem.model.InvalidInputException;
import java.net.URI;
import java.time.Duration;

/**
 * Where a REST service (a manager, Ranger) is and how Tandem signs in to it: HTTP basic authentication with
 * Tandem's own service account. The password is never part of {@link #toString()}.
 *
 * @param baseUri scheme, host and port, e.g. {@code http://ambari.dc1:8080}
 * @param timeout bound of each call, connect and response alike
 */
public record RestEndpoint(URI baseUri, String user, String password, Duration timeout) {
  public static final Duration TIMEOUT_DEFAULT = Duration.ofSeconds(30);

  public RestEndpoint {
    InvalidInputException.check(baseUri != null && ("http".equals(baseUri.getScheme())
        || "https".equals(baseUri.getScheme())) && baseUri.getHost() != null, "baseUri",
        "Invalid REST endpoint '%s' (use http(s)://host:port)", baseUri);
    InvalidInputException.check(user != null && !user.isBlank(), "user", "User of %s is required", baseUri);
    InvalidInputException.check(password != null, "password", "Password of %s is required", baseUri);
    timeout = timeout == null ? TIMEOUT_DEFAULT : timeout;
    InvalidInputException.check(!timeout.isNegative() && !timeout.isZero(), "timeout", "Invalid timeout: %s", timeout);
    String s = baseUri.toString();
    baseUri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  public static RestEndpoint of(String baseUri, String user, String password) {
    return new RestEndpoint(URI.create(baseUri), user, password, TIMEOUT_DEFAULT);
  }

  @Override
  public String toString() {
    return user + "@" + baseUri;
  }
}
