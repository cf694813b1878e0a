package dev.tandem.server.error;

import dev.tandem.model.TandemException;
import java.util.List;

/**
 * The request carries no credentials, or wrong ones (401). The message never repeats what was sent;
 * {@code challenges} become {@code WWW-Authenticate} headers ({@code Basic realm="tandem"}, {@code Negotiate}).
 */
public class AuthenticationRequiredException extends TandemException {
  private final List<String> challenges;

  public AuthenticationRequiredException(String message, List<String> challenges) {
    super(message);
    this.challenges = List.copyOf(challenges);
  }

  public List<String> challenges() {
    return challenges;
  }
}
