package dev.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.fake.TickingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The brake on failed logins (issue 16 E), per key, on a clock the test moves. */
class LoginThrottleTest {
  private final TickingClock clock = new TickingClock(Instant.parse("2026-12-08T00:00:00Z"), Duration.ZERO);
  private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);

  @Test
  void holdsAUserAfterMaxFailuresUntilTheWindowEnds() {
    throttle.failed("ada", "10.0.0.1");
    throttle.failed("ada", "10.0.0.2");
    assertThat(throttle.blocked("ada", "10.0.0.3")).isEmpty();
    clock.advance(Duration.ofSeconds(20));
    throttle.failed("ada", "10.0.0.3");
    var blocked = throttle.blocked("ada", "10.0.0.9").orElseThrow();
    assertThat(blocked.what()).isEqualTo("user ada");
    assertThat(blocked.retryAfter()).as("the window counts from the first failure").isEqualTo(Duration.ofSeconds(40));
    assertThat(throttle.blocked("bob", "10.0.0.1")).as("no client reached the limit").isEmpty();
    clock.advance(Duration.ofSeconds(40));
    assertThat(throttle.blocked("ada", "10.0.0.1")).isEmpty();
    throttle.failed("ada", null);
    assertThat(throttle.blocked("ada", null)).as("a new window").isEmpty();
  }

  @Test
  void holdsAClientWhateverNamesItTries() {
    for (String user : new String[] {"u1", "u2", "u3"}) {
      throttle.failed(user, "10.0.0.7");
    }
    assertThat(throttle.blocked("ada", "10.0.0.7").orElseThrow().what()).isEqualTo("client 10.0.0.7");
    assertThat(throttle.blocked(null, "10.0.0.7")).isPresent();
    assertThat(throttle.blocked("ada", "10.0.0.8")).isEmpty();
  }

  @Test
  void successClearsTheUserNotTheClient() {
    throttle.failed("ada", "10.0.0.1");
    throttle.failed("ada", "10.0.0.1");
    throttle.succeeded("ada");
    throttle.failed("ada", "10.0.0.2");
    throttle.failed("ada", "10.0.0.2");
    assertThat(throttle.blocked("ada", null)).as("ada's count started again").isEmpty();
    throttle.failed("bob", "10.0.0.1");
    assertThat(throttle.blocked(null, "10.0.0.1")).as("the client's count was kept").isPresent();
  }

  @Test
  void tracksAtMostMaxKeys() {
    LoginThrottle small = new LoginThrottle(3, Duration.ofMinutes(1), 10, clock);
    for (int i = 0; i < 1000; i++) {
      small.failed("user" + i, "10.0.0.1");
      assertThat(small.tracked()).isLessThanOrEqualTo(10);
    }
    assertThat(small.blocked(null, "10.0.0.1")).as("the busy client stays, least recently touched go").isPresent();
  }

  @Test
  void zeroTurnsTheBrakeOff() {
    LoginThrottle off = new LoginThrottle(0, Duration.ofMinutes(1), 10, clock);
    for (int i = 0; i < 10; i++) {
      off.failed("ada", "10.0.0.1");
    }
    assertThat(off.blocked("ada", "10.0.0.1")).isEmpty();
    assertThat(LoginThrottle.off().enabled()).isFalse();
  }
}
