package dev.tandem.arbiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.SiteId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pair keys, epochs, settings and the lease: pure logic. */
class ArbitrationModelTest {
  private static final SiteId EAST = SiteId.of("east");
  private static final SiteId WEST = SiteId.of("west");

  @Test
  void aPairKeyHasNoDirection() {
    PairKey k = PairKey.of(new ClusterPair(WEST, EAST));
    assertThat(k).isEqualTo(PairKey.of(new ClusterPair(EAST, WEST))).isEqualTo(PairKey.parse("west+east"))
        .isEqualTo(PairKey.parse("east--west"));
    assertThat(k.value()).isEqualTo("east+west");
    assertThat(k.from(WEST)).isEqualTo(new ClusterPair(WEST, EAST));
    assertThat(k.other(EAST)).isEqualTo(WEST);
    assertThatThrownBy(() -> k.other(SiteId.of("north"))).isInstanceOf(InvalidInputException.class)
        .hasMessage("Site 'north' is not part of pair east+west");
    assertThatThrownBy(() -> PairKey.parse("east")).isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid pair 'east': use <site>+<site>");
  }

  @Test
  void epochsOrderByNumberThenRevisionAndTheFirstIsTheSameWhoeverWritesIt() {
    ClusterPair pair = new ClusterPair(EAST, WEST);
    Epoch first = Epoch.initial(pair);
    assertThat(Epoch.initial(pair)).isEqualTo(first);
    Epoch failover = first.next(WEST, Epoch.Phase.PROMOTING, Epoch.Protection.UNPROTECTED, Epoch.Transition.FAILOVER,
        Instant.parse("2026-11-24T10:00:00Z"), "arbiter a", "east silent", null, Duration.ZERO);
    Epoch done = failover.withPhase(Epoch.Phase.ACTIVE, Duration.ZERO);
    assertThat(failover.number()).isEqualTo(2);
    assertThat(failover.previous()).isEqualTo(EAST);
    assertThat(done.newerThan(failover)).isTrue();
    assertThat(failover.newerThan(first)).isTrue();
    assertThat(done.withProtection(Epoch.Protection.PROTECTED).compareTo(done)).isPositive();
    assertThat(done.direction(PairKey.of(pair))).isEqualTo(new ClusterPair(WEST, EAST));
  }

  @ParameterizedTest(name = "grace {0}, lease {1}, heartbeat {2}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      PT10S  | PT6S  | PT1S    | ok
      PT8S   | PT6S  | PT1S    | ok
      PT7S   | PT6S  | PT1S    | Invalid grace period: PT7S (at least lease + 2 heartbeats = PT8S, or an old active could still be writing)
      PT10S  | PT2S  | PT1S    | Invalid lease: PT2S (at least three heartbeats, PT3S)
      PT10S  | PT6S  | PT0.01S | Invalid heartbeat: PT0.01S (at least 50 ms)
      """)
  void settingsKeepTheGracePeriodLongerThanALease(Duration grace, Duration lease, Duration heartbeat, String expected) {
    if (expected.equals("ok")) {
      assertThat(new ArbitrationSettings(true, grace, lease, heartbeat).grace()).isEqualTo(grace);
    } else {
      assertThatThrownBy(() -> new ArbitrationSettings(true, grace, lease, heartbeat))
          .isInstanceOf(InvalidInputException.class).hasMessage(expected);
    }
  }

  @Test
  void aLeaseRunsFromWhenTheConfirmedStatusWasIssuedNotFromWhenTheConfirmationArrived() {
    Lease lease = new Lease();
    long l = Duration.ofSeconds(5).toNanos();
    lease.issued(1, 7, 1_000);
    lease.issued(2, 7, 2_000);
    assertThat(lease.fresh(7, l, 2_000)).isFalse();
    lease.renew(2, 7);
    lease.renew(1, 7); // an older confirmation arriving late does not move the lease back
    assertThat(lease.fresh(7, l, 2_000 + l - 1)).isTrue();
    assertThat(lease.fresh(7, l, 2_000 + l)).isFalse();
    assertThat(lease.fresh(8, l, 2_001)).as("another epoch").isFalse();
    lease.renew(3, 7); // never issued
    lease.issued(4, 6, 9_000);
    lease.renew(4, 7); // issued under another epoch
    assertThat(lease.age(7, 3_000)).isEqualTo(1_000);
  }
}
