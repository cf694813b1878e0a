package dev.tandem.server.auth;

import dev.tandem.server.error.AuthenticationRequiredException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a request comes from. Three ways in besides the sandbox's "nobody checks":
 * <ul>
 *   <li>The Ambari View, which has already logged the user in: it sends {@value #USER_HEADER} with the
 *       manager's user name and {@value #SECRET_HEADER} with the secret shared with this server
 *       ({@code tandem.view.secret}). The role comes from the users file, else the configured default.</li>
 *   <li>Direct use (CLI, scripts): HTTP basic against the users file.</li>
 *   <li>Direct use on a Kerberized cluster ({@link AuthMode#KERBEROS}): HTTP SPNEGO; the principal's short name
 *       is looked up in the users file for its role, else the configured default.</li>
 * </ul>
 * Neither the secret nor a password is ever logged, echoed or kept in clear; a verified password is remembered
 * for a few minutes only as a salted digest, so that the deliberately slow hash runs once per user, not per call.
 */
public final class Authenticator {
  public static final String USER_HEADER = "X-Tandem-User";
  public static final String SECRET_HEADER = "X-Tandem-View-Secret";
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final Duration REMEMBER = Duration.ofMinutes(5);

  private final AuthMode mode;
  private final UserStore users;
  private final byte[] viewSecret;
  private final Role viewDefaultRole;
  private final Clock clock;
  private final SpnegoAcceptor spnego;
  private final Role kerberosDefaultRole;
  private final List<String> challenges;
  private final byte[] cacheSalt = new byte[16];
  private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

  private record Remembered(byte[] digest, Instant until) {}

  public Authenticator(AuthMode mode, UserStore users, String viewSecret, Role viewDefaultRole, Clock clock) {
    this(mode, users, viewSecret, viewDefaultRole, clock, null, Role.VIEWER);
  }

  /**
   * @param spnego required for {@link AuthMode#KERBEROS}, ignored otherwise
   * @param kerberosDefaultRole role of Kerberos users who are not in the users file
   */
  public Authenticator(AuthMode mode, UserStore users, String viewSecret, Role viewDefaultRole, Clock clock,
      SpnegoAcceptor spnego, Role kerberosDefaultRole) {
    if (mode == AuthMode.KERBEROS && spnego == null) {
      throw new IllegalArgumentException("Kerberos authentication needs a SPNEGO acceptor");
    }
    this.mode = mode;
    this.users = users;
    this.viewSecret = viewSecret == null || viewSecret.isEmpty() ? null : viewSecret.getBytes(StandardCharsets.UTF_8);
    this.viewDefaultRole = viewDefaultRole;
    this.clock = clock;
    this.spnego = mode == AuthMode.KERBEROS ? spnego : null;
    this.kerberosDefaultRole = kerberosDefaultRole;
    List<String> offered = new ArrayList<>();
    if (this.spnego != null) {
      offered.add("Negotiate");
    }
    if (mode == AuthMode.BASIC || users.hasPasswords()) {
      offered.add("Basic realm=\"tandem\", charset=\"UTF-8\"");
    }
    this.challenges = List.copyOf(offered);
    new SecureRandom().nextBytes(cacheSalt);
  }

  public static Authenticator none() {
    return new Authenticator(AuthMode.NONE, UserStore.empty(), null, Role.VIEWER, Clock.systemUTC());
  }

  public AuthMode mode() {
    return mode;
  }

  /** Closes the SPNEGO login, if any. */
  public void close() {
    if (spnego != null) {
      spnego.close();
    }
  }

  /** @param header reads one request header by name (null when absent) */
  public Caller authenticate(Function<String, String> header) {
    String viewUser = header.apply(USER_HEADER);
    if (mode == AuthMode.NONE) {
      return viewUser == null || viewUser.isBlank() ? Caller.ANONYMOUS_SANDBOX
          : new Caller(viewUser.trim(), Role.ADMIN, "none");
    }
    if (viewUser != null) {
      return fromView(viewUser, header.apply(SECRET_HEADER));
    }
    String authorization = header.apply("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return fromBasic(authorization.substring(6).trim());
    }
    if (spnego != null && authorization != null && authorization.regionMatches(true, 0, "Negotiate ", 0, 10)) {
      String principal = spnego.accept(authorization.substring(10), challenges);
      String name = SpnegoAcceptor.shortName(principal);
      Role role = users.user(name).map(UserStore.User::role).orElse(kerberosDefaultRole);
      return new Caller(name, role, "kerberos");
    }
    throw new AuthenticationRequiredException("Authentication required: use "
        + (spnego != null ? "Kerberos (SPNEGO), " : "") + "HTTP basic authentication, or the Ambari View", challenges);
  }

  private Caller fromView(String user, String secret) {
    if (viewSecret == null) {
      throw new AuthenticationRequiredException("This server does not accept " + USER_HEADER
          + " (no view secret is configured)", List.of());
    }
    if (secret == null || !MessageDigest.isEqual(viewSecret, secret.getBytes(StandardCharsets.UTF_8))) {
      LOG.warn("Rejected a request naming view user '{}' with a missing or wrong view secret", printable(user));
      throw new AuthenticationRequiredException("Missing or wrong " + SECRET_HEADER, List.of());
    }
    String name = user.trim();
    if (name.isEmpty()) {
      throw new AuthenticationRequiredException(USER_HEADER + " is empty", List.of());
    }
    Role role = users.user(name).map(UserStore.User::role).orElse(viewDefaultRole);
    return new Caller(name, role, "view");
  }

  private Caller fromBasic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationRequiredException("Malformed basic credentials", challenges);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new AuthenticationRequiredException("Malformed basic credentials", challenges);
    }
    String name = decoded.substring(0, colon);
    char[] password = decoded.substring(colon + 1).toCharArray();
    Optional<UserStore.User> user = users.user(name);
    if (user.isEmpty() || user.get().password().isEmpty() || !check(user.get(), password)) {
      LOG.info("Failed basic authentication for user '{}'", printable(name));
      throw new AuthenticationRequiredException("Unknown user or wrong password", challenges);
    }
    return new Caller(name, user.get().role(), "basic");
  }

  private boolean check(UserStore.User user, char[] password) {
    byte[] digest = digest(user.name(), password);
    Instant now = clock.instant();
    Remembered r = verified.get(user.name());
    if (r != null && now.isBefore(r.until()) && MessageDigest.isEqual(r.digest(), digest)) {
      return true;
    }
    boolean ok = user.password().orElseThrow().matches(password);
    if (ok) {
      verified.put(user.name(), new Remembered(digest, now.plus(REMEMBER)));
    }
    return ok;
  }

  private byte[] digest(String user, char[] password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(cacheSalt);
      md.update(user.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(new String(password).getBytes(StandardCharsets.UTF_8));
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String printable(String value) {
    String cleaned = value.replaceAll("[^\\p{Graph} ]", "?");
    return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 61) + "...";
  }
}
