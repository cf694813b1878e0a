package dev.tandem.server.auth;

import dev.tandem.server.error.AuthenticationRequiredException;
import dev.tandem.server.error.ForbiddenException;
import dev.tandem.server.error.TooManyRequestsException;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a request comes from. Three ways in besides the sandbox's "nobody checks":
 * <ul>
 *   <li>The Ambari View, which has already logged the user in: it sends {@value #USER_HEADER} with the
 *       manager's user name and {@value #SECRET_HEADER} with the secret shared with this server
 *       ({@code tandem.view.secret}). The role comes from the users file, else the configured default.</li>
 *   <li>Direct use (CLI, scripts): HTTP basic against the users file.</li>
 *   <li>Direct use on a Kerberized cluster ({@link AuthMode#KERBEROS}): HTTP SPNEGO; the principal is mapped to a
 *       local user by the {@code auth_to_local} rules ({@link AuthToLocal}) and that user looked up in the users
 *       file for its role, else the configured default. A principal no rule maps is refused (403).</li>
 * </ul>
 * Failed logins are braked per user and per client address ({@link LoginThrottle}): past the limit, the answer is a
 * 429 before any password is checked. An unknown user's password, or that of a user without one, is checked against
 * the users file's {@link UserStore#decoy() decoy} hash, so that it costs as much as a wrong password.
 * Neither the secret nor a password is ever logged, echoed or kept in clear; a verified password is remembered
 * for a few minutes only as a salted digest, so that the deliberately slow hash runs once per user, not per call.
 */
public final class Authenticator {
  public static final String USER_HEADER = "X-Tandem-User";
  public static final String SECRET_HEADER = "X-Tandem-View-Secret";
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final Duration REMEMBER = Duration.ofMinutes(5);
  private static final String BASIC_CHALLENGE = "Basic realm=\"tandem\", charset=\"UTF-8\"";

  private final AuthMode mode;
  private final Supplier<UserStore> users;
  private final byte[] viewSecret;
  private final Role viewDefaultRole;
  private final Clock clock;
  private final SpnegoAcceptor spnego;
  private final AuthToLocal authToLocal;
  private final Role kerberosDefaultRole;
  private final LoginThrottle throttle;
  private final Verifier verifier;
  private final byte[] cacheSalt = new byte[16];
  private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

  /** {@code hash}: the stored hash it was verified against; a new users file with a new hash forgets it. */
  private record Remembered(PasswordHash hash, byte[] digest, Instant until) {}

  /** Checks a password against a stored hash: {@link PasswordHash#matches}, or a counting one in a test. */
  @FunctionalInterface
  public interface Verifier {
    boolean matches(PasswordHash hash, char[] password);
  }

  public Authenticator(AuthMode mode, UserStore users, String viewSecret, Role viewDefaultRole, Clock clock) {
    this(builder(mode).users(users).view(viewSecret, viewDefaultRole).clock(clock));
  }

  /**
   * @param spnego required for {@link AuthMode#KERBEROS}, ignored otherwise
   * @param kerberosDefaultRole role of Kerberos users who are not in the users file
   */
  public Authenticator(AuthMode mode, UserStore users, String viewSecret, Role viewDefaultRole, Clock clock,
      SpnegoAcceptor spnego, Role kerberosDefaultRole) {
    this(builder(mode).users(users).view(viewSecret, viewDefaultRole).clock(clock)
        .kerberos(spnego, spnego == null ? null : AuthToLocal.of("DEFAULT", AuthToLocal.HADOOP_KEY),
            kerberosDefaultRole));
  }

  private Authenticator(Builder b) {
    if (b.mode == AuthMode.KERBEROS && (b.spnego == null || b.authToLocal == null)) {
      throw new IllegalArgumentException("Kerberos authentication needs a SPNEGO acceptor and auth_to_local rules");
    }
    this.mode = b.mode;
    this.users = b.users;
    this.viewSecret = b.viewSecret == null || b.viewSecret.isEmpty() ? null
        : b.viewSecret.getBytes(StandardCharsets.UTF_8);
    this.viewDefaultRole = b.viewDefaultRole;
    this.clock = b.clock;
    this.spnego = b.mode == AuthMode.KERBEROS ? b.spnego : null;
    this.authToLocal = b.authToLocal;
    this.kerberosDefaultRole = b.kerberosDefaultRole;
    this.throttle = b.throttle;
    this.verifier = b.verifier;
    new SecureRandom().nextBytes(cacheSalt);
  }

  public static Builder builder(AuthMode mode) {
    return new Builder(mode);
  }

  /** Options of an {@link Authenticator}; only the mode is required. */
  public static final class Builder {
    private final AuthMode mode;
    private Supplier<UserStore> users = UserStore::empty;
    private String viewSecret;
    private Role viewDefaultRole = Role.VIEWER;
    private Clock clock = Clock.systemUTC();
    private SpnegoAcceptor spnego;
    private AuthToLocal authToLocal;
    private Role kerberosDefaultRole = Role.VIEWER;
    private LoginThrottle throttle = LoginThrottle.off();
    private Verifier verifier = PasswordHash::matches;

    private Builder(AuthMode mode) {
      this.mode = java.util.Objects.requireNonNull(mode, "mode cannot be null");
    }

    public Builder users(UserStore fixed) {
      java.util.Objects.requireNonNull(fixed, "users cannot be null");
      this.users = () -> fixed;
      return this;
    }

    /** Users that may change while the server runs ({@link UsersFile}). */
    public Builder users(Supplier<UserStore> source) {
      this.users = java.util.Objects.requireNonNull(source, "users cannot be null");
      return this;
    }

    /** The secret shared with the Ambari View (empty: the View's headers are refused) and its users' default role. */
    public Builder view(String secret, Role defaultRole) {
      this.viewSecret = secret;
      this.viewDefaultRole = defaultRole;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** SPNEGO (for {@link AuthMode#KERBEROS}), the principal mapping and the role of users not in the file. */
    public Builder kerberos(SpnegoAcceptor acceptor, AuthToLocal rules, Role defaultRole) {
      this.spnego = acceptor;
      this.authToLocal = rules;
      this.kerberosDefaultRole = defaultRole;
      return this;
    }

    public Builder throttle(LoginThrottle value) {
      this.throttle = java.util.Objects.requireNonNull(value, "throttle cannot be null");
      return this;
    }

    public Builder verifier(Verifier value) {
      this.verifier = java.util.Objects.requireNonNull(value, "verifier cannot be null");
      return this;
    }

    public Authenticator build() {
      return new Authenticator(this);
    }
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
    return authenticate(header, null);
  }

  /**
   * @param header reads one request header by name (null when absent)
   * @param client the client's address, for the brake on failed logins; null when not known
   */
  public Caller authenticate(Function<String, String> header, String client) {
    String viewUser = header.apply(USER_HEADER);
    if (mode == AuthMode.NONE) {
      return viewUser == null || viewUser.isBlank() ? Caller.ANONYMOUS_SANDBOX
          : new Caller(viewUser.trim(), Role.ADMIN, "none");
    }
    UserStore store = users.get();
    List<String> challenges = challenges(store);
    if (viewUser != null) {
      return fromView(store, viewUser, header.apply(SECRET_HEADER), client);
    }
    String authorization = header.apply("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return fromBasic(store, authorization.substring(6).trim(), client, challenges);
    }
    if (spnego != null && authorization != null && authorization.regionMatches(true, 0, "Negotiate ", 0, 10)) {
      return fromKerberos(store, authorization.substring(10), client, challenges);
    }
    throw new AuthenticationRequiredException("Authentication required: use "
        + (spnego != null ? "Kerberos (SPNEGO), " : "") + "HTTP basic authentication, or the Ambari View", challenges);
  }

  private List<String> challenges(UserStore store) {
    List<String> offered = new ArrayList<>(2);
    if (spnego != null) {
      offered.add("Negotiate");
    }
    if (mode == AuthMode.BASIC || store.hasPasswords()) {
      offered.add(BASIC_CHALLENGE);
    }
    return offered;
  }

  private Caller fromKerberos(UserStore store, String token, String client, List<String> challenges) {
    brake(null, client);
    String principal;
    try {
      principal = spnego.accept(token, challenges);
    } catch (AuthenticationRequiredException e) {
      failed(null, client);
      throw e;
    }
    String name = authToLocal.map(principal).orElseThrow(() -> new ForbiddenException("Kerberos principal '"
        + printable(principal) + "' maps to no local user: no auth_to_local rule of " + authToLocal.source()
        + " applies to it (DEFAULT maps only the default realm)"));
    Role role = store.user(name).map(UserStore.User::role).orElse(kerberosDefaultRole);
    return new Caller(name, role, "kerberos");
  }

  private Caller fromView(UserStore store, String user, String secret, String client) {
    if (viewSecret == null) {
      throw new AuthenticationRequiredException("This server does not accept " + USER_HEADER
          + " (no view secret is configured)", List.of());
    }
    brake(null, client);
    if (secret == null || !MessageDigest.isEqual(viewSecret, secret.getBytes(StandardCharsets.UTF_8))) {
      LOG.warn("Rejected a request naming view user '{}' with a missing or wrong view secret", printable(user));
      failed(null, client);
      throw new AuthenticationRequiredException("Missing or wrong " + SECRET_HEADER, List.of());
    }
    String name = user.trim();
    if (name.isEmpty()) {
      throw new AuthenticationRequiredException(USER_HEADER + " is empty", List.of());
    }
    Role role = store.user(name).map(UserStore.User::role).orElse(viewDefaultRole);
    return new Caller(name, role, "view");
  }

  private Caller fromBasic(UserStore store, String encoded, String client, List<String> challenges) {
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
    brake(name, client);
    Optional<UserStore.User> user = store.user(name);
    if (!check(store, name, user, password)) {
      LOG.info("Failed basic authentication for user '{}'", printable(name));
      failed(name, client);
      throw new AuthenticationRequiredException("Unknown user or wrong password", challenges);
    }
    throttle.succeeded(name);
    return new Caller(name, user.get().role(), "basic");
  }

  /** Refuses, before any password is checked, a user or client that has failed too often. */
  private void brake(String user, String client) {
    throttle.blocked(user, client).ifPresent(b -> {
      throw new TooManyRequestsException("Too many failed logins (" + printable(b.what()) + "); try again in "
          + Math.max(1, (b.retryAfter().toMillis() + 999) / 1000) + " s", b.retryAfter());
    });
  }

  private void failed(String user, String client) {
    throttle.failed(user, client);
    throttle.blocked(user, client).ifPresent(b -> LOG.warn("Too many failed logins ({}): further attempts are "
        + "refused with 429 for {} s", printable(b.what()), Math.max(1, b.retryAfter().toSeconds())));
  }

  /** Exactly one hash check whatever the user: theirs, or the decoy for unknown users and users without one. */
  private boolean check(UserStore store, String name, Optional<UserStore.User> user, char[] password) {
    Optional<PasswordHash> hash = user.flatMap(UserStore.User::password);
    if (hash.isEmpty()) {
      verifier.matches(store.decoy(), password);
      return false;
    }
    byte[] digest = digest(name, password);
    Instant now = clock.instant();
    Remembered r = verified.get(name);
    if (r != null && r.hash() == hash.get() && now.isBefore(r.until())
        && MessageDigest.isEqual(r.digest(), digest)) {
      return true;
    }
    boolean ok = verifier.matches(hash.get(), password);
    if (ok) {
      verified.put(name, new Remembered(hash.get(), digest, now.plus(REMEMBER)));
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
