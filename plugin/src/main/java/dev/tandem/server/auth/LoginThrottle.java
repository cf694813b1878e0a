package dev.tandem.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The brake on password guessing: counts failed logins per user and per client address in a fixed window that
 * starts at the first failure. Once a key has {@code maxFailures} failures, requests for it are refused until its
 * window ends, without checking the password (so a guesser cannot make the server run its slow hash either). A
 * successful login clears the user's count, not the client's: one valid account must not reset the brake on
 * guesses at others from the same host. At most {@code maxKeys} keys are tracked; the least recently touched is
 * forgotten first, so a flood of made-up names costs bounded memory (the client's own count still brakes it).
 */
public final class LoginThrottle {
  /** Keys tracked at most (users and client addresses together). */
  public static final int MAX_KEYS_DEFAULT = 10_000;
  private static final LoginThrottle OFF = new LoginThrottle(0, Duration.ZERO, 1, Clock.systemUTC());

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Count> counts;

  private static final class Count {
    Instant start;
    int failures;

    Count(Instant start) {
      this.start = start;
    }
  }

  /** @param maxFailures failures per key and window before the brake holds; {@code 0} turns the brake off */
  public LoginThrottle(int maxFailures, Duration window, int maxKeys, Clock clock) {
    if (maxFailures < 0 || window.isNegative() || maxKeys < 1) {
      throw new IllegalArgumentException("maxFailures, window and maxKeys must not be negative");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
    this.counts = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** No brake (the sandbox, and servers built without one). */
  public static LoginThrottle off() {
    return OFF;
  }

  public boolean enabled() {
    return maxFailures > 0 && !window.isZero();
  }

  /** How long until {@code user} (may be null) or {@code client} (may be null) may try again; empty: now. */
  public synchronized Optional<Blocked> blocked(String user, String client) {
    if (!enabled()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<Blocked> byUser = blockedKey(user == null ? null : "user " + user, now);
    return byUser.isPresent() ? byUser : blockedKey(client == null ? null : "client " + client, now);
  }

  /** What holds the brake: {@code user 'ada'} or {@code client 10.0.0.7}, and for how long. */
  public record Blocked(String what, Duration retryAfter) {}

  private Optional<Blocked> blockedKey(String key, Instant now) {
    if (key == null) {
      return Optional.empty();
    }
    Count c = counts.get(key);
    if (c == null || c.failures < maxFailures) {
      return Optional.empty();
    }
    Instant end = c.start.plus(window);
    if (!now.isBefore(end)) {
      counts.remove(key);
      return Optional.empty();
    }
    return Optional.of(new Blocked(key, Duration.between(now, end)));
  }

  public synchronized void failed(String user, String client) {
    if (!enabled()) {
      return;
    }
    Instant now = clock.instant();
    for (String key : new String[] {user == null ? null : "user " + user, client == null ? null : "client " + client}) {
      if (key == null) {
        continue;
      }
      Count c = counts.get(key);
      if (c == null || !now.isBefore(c.start.plus(window))) {
        c = new Count(now);
        counts.put(key, c);
      }
      c.failures++;
    }
  }

  public synchronized void succeeded(String user) {
    counts.remove("user " + user);
  }

  /** Keys tracked now, for tests of the bound. */
  synchronized int tracked() {
    return counts.size();
  }
}
