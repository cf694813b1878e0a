package dev.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.fake.TickingClock;
import dev.tandem.server.error.AuthenticationRequiredException;
import dev.tandem.server.error.TooManyRequestsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16 E, without a timed assertion: every refused password costs exactly one check of a hash of the users'
 * cost, whether the user exists, has no password or typed a wrong one; a braked attempt costs none.
 */
class AuthenticatorBrakeTest {
  private static final int COST = 1500;
  private static final UserStore USERS = UserStore.parse(Map.of(
      "ada", "admin, " + PasswordHash.create("pw-ada".toCharArray(), COST),
      "cheap", "viewer, " + PasswordHash.create("pw-cheap".toCharArray(), 1000),
      "bob", "operator"));
  private final List<Integer> checks = new ArrayList<>();
  private final TickingClock clock = new TickingClock(Instant.parse("2026-12-08T00:00:00Z"), Duration.ZERO);

  private Authenticator authenticator(LoginThrottle throttle) {
    return Authenticator.builder(AuthMode.BASIC).users(USERS).clock(clock).throttle(throttle)
        .verifier((hash, password) -> {
          checks.add(hash.iterations());
          return hash.matches(password);
        }).build();
  }

  static Stream<Arguments> refused() {
    return Stream.of(Arguments.of("wrong password", "ada", "guess", COST),
        Arguments.of("unknown user", "mallory", "guess", COST),
        Arguments.of("user without a password", "bob", "guess", COST),
        Arguments.of("user without a password, empty", "bob", "", COST));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void everyRefusalChecksOneHashOfTheDearestCost(String label, String user, String password, int cost) {
    Authenticator auth = authenticator(LoginThrottle.off());
    assertThatThrownBy(() -> auth.authenticate(basic(user, password), "10.0.0.1"))
        .isInstanceOf(AuthenticationRequiredException.class).hasMessage("Unknown user or wrong password");
    assertThat(checks).as(label).containsExactly(cost);
  }

  @Test
  void decoyCostsWhatTheDearestHashCosts() {
    assertThat(USERS.decoy().iterations()).isEqualTo(COST);
    assertThat(USERS.decoy().matches("".toCharArray())).isFalse();
    assertThat(UserStore.empty().decoy().iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
  }

  @Test
  void brakedAttemptsCheckNoHashAndSuccessClearsTheUser() {
    Authenticator auth = authenticator(new LoginThrottle(2, Duration.ofMinutes(1), 100, clock));
    assertThat(auth.authenticate(basic("ada", "pw-ada"), "10.0.0.1").role()).isEqualTo(Role.ADMIN);
    for (int i = 0; i < 2; i++) {
      String client = "10.0.1." + i;
      assertThatThrownBy(() -> auth.authenticate(basic("ada", "guess"), client))
          .isInstanceOf(AuthenticationRequiredException.class);
    }
    checks.clear();
    assertThatThrownBy(() -> auth.authenticate(basic("ada", "pw-ada"), "10.0.2.1"))
        .isInstanceOf(TooManyRequestsException.class).hasMessageContaining("user ada")
        .satisfies(e -> assertThat(((TooManyRequestsException) e).retryAfterSeconds()).isEqualTo(60));
    assertThat(checks).as("no hash is checked while braked").isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(auth.authenticate(basic("ada", "pw-ada"), "10.0.2.1").user()).isEqualTo("ada");
  }

  @Test
  void aChangedHashForgetsTheRememberedPassword() {
    java.util.concurrent.atomic.AtomicReference<UserStore> current = new java.util.concurrent.atomic.AtomicReference<>(
        UserStore.parse(Map.of("ada", "admin, " + PasswordHash.create("old".toCharArray(), 1000))));
    Authenticator auth = Authenticator.builder(AuthMode.BASIC).users(current::get).clock(clock).build();
    assertThat(auth.authenticate(basic("ada", "old"), null).user()).isEqualTo("ada");
    current.set(UserStore.parse(Map.of("ada", "admin, " + PasswordHash.create("new".toCharArray(), 1000))));
    assertThatThrownBy(() -> auth.authenticate(basic("ada", "old"), null))
        .as("the old password, though remembered").isInstanceOf(AuthenticationRequiredException.class);
    assertThat(auth.authenticate(basic("ada", "new"), null).user()).isEqualTo("ada");
  }

  private static java.util.function.Function<String, String> basic(String user, String password) {
    String value = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
    return name -> name.equals("Authorization") ? value : null;
  }
}
