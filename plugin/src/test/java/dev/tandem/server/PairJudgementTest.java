package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.Health;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.ArbiterDto;
import dev.tandem.switchover.Switchover;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pair state of {@code /api/v1/status}, judged from arbitration records alone, as a table. */
class PairJudgementTest {
  private static final SiteId EAST = SiteId.of("east");
  private static final SiteId WEST = SiteId.of("west");
  private static final PairKey PAIR = PairKey.of(EAST, WEST);
  private static final Epoch FIRST = Epoch.initial(new ClusterPair(EAST, WEST));
  private static final Instant AT = Instant.parse("2026-11-24T16:00:00Z");
  private static final ArbiterDto REACHABLE = new ArbiterDto("NORMAL", "both sites healthy");

  static Stream<Arguments> cases() {
    Epoch switched = FIRST.next(WEST, Epoch.Phase.ACTIVE, Epoch.Protection.PROTECTED, Epoch.Transition.SWITCHOVER,
        AT, "op", "planned", null, Duration.ZERO);
    Epoch promoting = FIRST.next(WEST, Epoch.Phase.PROMOTING, Epoch.Protection.UNPROTECTED,
        Epoch.Transition.FAILOVER, AT, "arbiter", "east silent", AT, Duration.ZERO);
    Epoch failedOver = promoting.withPhase(Epoch.Phase.ACTIVE, Duration.ZERO);
    return Stream.of(
        Arguments.of("both sites well", Optional.of(FIRST), status(EAST, Role.ACTIVE, true),
            status(WEST, Role.STANDBY, true), REACHABLE, "NORMAL", "east active, protected by west"),
        Arguments.of("after a switchover", Optional.of(switched), status(EAST, Role.STANDBY, true),
            status(WEST, Role.ACTIVE, true), REACHABLE, "NORMAL", "west active, protected by east"),
        Arguments.of("no epoch", Optional.empty(), null, null, REACHABLE, "UNKNOWN", "no epoch of pair east+west"),
        Arguments.of("both claim ACTIVE", Optional.of(FIRST), status(EAST, Role.ACTIVE, true),
            status(WEST, Role.ACTIVE, true), REACHABLE, "SPLIT_SUSPECTED", "both east and west report ACTIVE"),
        Arguments.of("promotion under way", Optional.of(promoting), status(EAST, Role.FENCED, false),
            status(WEST, Role.PROMOTING, true), REACHABLE, "FAILING_OVER", "FAILOVER from east to west: PROMOTING"),
        Arguments.of("failed over", Optional.of(failedOver), null, status(WEST, Role.ACTIVE, true), REACHABLE,
            "FAILED_OVER", "failed over from east to west, unprotected until failback"),
        Arguments.of("standby silent", Optional.of(FIRST), status(EAST, Role.ACTIVE, true), null, REACHABLE,
            "DEGRADED", "west published no status"),
        Arguments.of("active fenced", Optional.of(FIRST), status(EAST, Role.FENCED, true),
            status(WEST, Role.STANDBY, true), REACHABLE, "DEGRADED", "east is named active but reports FENCED"),
        Arguments.of("standby unhealthy", Optional.of(FIRST), status(EAST, Role.ACTIVE, true),
            status(WEST, Role.STANDBY, false), REACHABLE, "DEGRADED", "west is unhealthy: NameNode down"),
        Arguments.of("peer unreachable from here", Optional.of(FIRST), status(EAST, Role.ACTIVE, true),
            status(WEST, Role.STANDBY, true), new ArbiterDto("DEGRADED", "site west is unreachable"), "DEGRADED",
            "site west is unreachable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judge(String name, Optional<Epoch> epoch, SiteStatus east, SiteStatus west, ArbiterDto reachability,
      String state, String detail) {
    Map<SiteId, Optional<SiteStatus>> statuses = new LinkedHashMap<>();
    statuses.put(EAST, Optional.ofNullable(east));
    statuses.put(WEST, Optional.ofNullable(west));
    Map<SiteId, Optional<Epoch>> epochs = Map.of(EAST, epoch, WEST, epoch);
    Switchover.State st = new Switchover.State(PAIR, epoch, epochs, statuses, ArbitrationSettings.defaults(),
        List.of());
    ArbiterDto judged = PairJudgement.judge(st, reachability);
    assertThat(judged.state()).as(judged.detail()).isEqualTo(state);
    assertThat(judged.detail()).contains(detail);
  }

  private static SiteStatus status(SiteId site, Role role, boolean healthy) {
    Health health = healthy ? Health.up() : new Health(Health.State.DOWN, Health.State.ABSENT, Health.State.UP,
        "NameNode down");
    return new SiteStatus(site, 1, role, health, Map.of(), 7, AT);
  }
}
