package dev.tandem.registry;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.Health;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.arbiter.Verdict;
import dev.tandem.arbiter.Versioned;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The arbitration store's compare-and-set transactions against a real ZooKeeper, two clients as two deciders. */
@RealComponents
class ZkArbitrationStoreTest {
  private static final SiteId EAST = SiteId.of("east");
  private static final SiteId WEST = SiteId.of("west");
  private static final ClusterPair PAIR = new ClusterPair(EAST, WEST);
  private static final PairKey KEY = PairKey.of(PAIR);
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  private TestingServer zk;
  private ZkArbitrationStore one;
  private ZkArbitrationStore two;

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    one = store();
    two = store();
  }

  private ZkArbitrationStore store() {
    ZkArbitrationStore s = ZkArbitrationStore.connect(EAST, zk.getConnectString(), "/tandem", Duration.ofSeconds(10),
        Duration.ofSeconds(2));
    assertThat(s.awaitConnected(Duration.ofSeconds(10))).isTrue();
    return s;
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    two.close();
    zk.close();
  }

  private static Epoch failover(Epoch from) {
    return from.next(WEST, Epoch.Phase.PROMOTING, Epoch.Protection.UNPROTECTED, Epoch.Transition.FAILOVER, T, "test",
        "east silent", T, Duration.ZERO);
  }

  private static SiteStatus status(long seq) {
    return new SiteStatus(EAST, 1, Role.ACTIVE, Health.up(), Map.of("billing", "20261124T100000000Z"), seq, T);
  }

  @Test
  void ofTwoDecidersFromTheSameEpochExactlyOneWins() {
    Versioned<Epoch> first = one.initialize(KEY, Epoch.initial(PAIR));
    assertThat(two.initialize(KEY, Epoch.initial(PAIR))).isEqualTo(first);
    Epoch next = failover(first.value());
    Versioned<Epoch> won = one.replaceEpoch(KEY, first.version(), next, Optional.empty());
    assertThatThrownBy(() -> two.replaceEpoch(KEY, first.version(), failover(first.value()), Optional.empty()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("changed concurrently");
    assertThat(two.epoch(KEY)).contains(won);
  }

  @Test
  void aDecisionFailsIfTheStatusItJudgedChangedMeanwhile() {
    Versioned<Epoch> first = one.initialize(KEY, Epoch.initial(PAIR));
    // no status yet: "absent" is what the decider judged
    two.publishStatus(KEY, status(1), OptionalInt.empty());
    assertThatThrownBy(() -> one.replaceEpoch(KEY, first.version(), failover(first.value()),
        Optional.of(new ArbitrationStore.StatusCheck(EAST, -1)))).isInstanceOf(ConflictException.class);
    Versioned<SiteStatus> judged = one.status(KEY, EAST).orElseThrow();
    two.publishStatus(KEY, status(2), OptionalInt.empty()); // a renewal lands after the judgement
    assertThatThrownBy(() -> one.replaceEpoch(KEY, first.version(), failover(first.value()),
        Optional.of(new ArbitrationStore.StatusCheck(EAST, judged.version())))).isInstanceOf(ConflictException.class);
    assertThat(one.epoch(KEY).orElseThrow().value()).isEqualTo(first.value());
    Versioned<SiteStatus> now = one.status(KEY, EAST).orElseThrow();
    one.replaceEpoch(KEY, first.version(), failover(first.value()),
        Optional.of(new ArbitrationStore.StatusCheck(EAST, now.version())));
    assertThat(two.epoch(KEY).orElseThrow().value().active()).isEqualTo(WEST);
  }

  @Test
  void aStatusWrittenUnderAnEpochFailsOnceTheEpochMoved() {
    Versioned<Epoch> first = one.initialize(KEY, Epoch.initial(PAIR));
    two.publishStatus(KEY, status(1), OptionalInt.of(first.version()));
    one.replaceEpoch(KEY, first.version(), failover(first.value()), Optional.empty());
    assertThatThrownBy(() -> two.publishStatus(KEY, status(2), OptionalInt.of(first.version())))
        .isInstanceOf(ConflictException.class);
    assertThat(one.status(KEY, EAST).orElseThrow().value().sequence()).isEqualTo(1);
  }

  @Test
  void theDirectionOfPairAndGroupsChangesWithTheEpochOrNotAtAll() {
    ZkRegistry registry = ZkRegistry.connect(zk.getConnectString(), "/tandem", "east");
    try {
      ProtectionGroup g = new ProtectionGroup(GroupName.of("billing"), PAIR, List.of(HdfsDirectory.of("/data/b")),
          Schedule.parse("01:30", "4h", "UTC"), 3, SnapshotEnablement.EXISTING_ONLY, true);
      ProtectionGroup other = new ProtectionGroup(GroupName.of("other"), new ClusterPair(EAST, SiteId.of("north")),
          List.of(HdfsDirectory.of("/data/o")), Schedule.parse("01:30", "4h", "UTC"), 3,
          SnapshotEnablement.EXISTING_ONLY, true);
      registry.putPair(PAIR);
      registry.putGroup(g);
      registry.putGroup(other);
      Versioned<Epoch> first = one.initialize(KEY, Epoch.initial(PAIR));
      Epoch active = failover(first.value()).withPhase(Epoch.Phase.ACTIVE, Duration.ZERO);

      assertThatThrownBy(() -> one.replaceEpochAndDirection(KEY, first.version() + 1, active, PAIR.reversed()))
          .isInstanceOf(ConflictException.class);
      assertThat(registry.pairs()).containsExactly(PAIR);
      assertThat(registry.group(g.name()).orElseThrow().pair()).isEqualTo(PAIR);

      one.replaceEpochAndDirection(KEY, first.version(), active, PAIR.reversed());
      assertThat(registry.pairs()).containsExactly(PAIR.reversed());
      assertThat(registry.group(g.name()).orElseThrow().pair()).isEqualTo(PAIR.reversed());
      assertThat(registry.group(other.name()).orElseThrow()).isEqualTo(other);
      assertThat(two.epoch(KEY).orElseThrow().value()).isEqualTo(active);
    } finally {
      registry.close();
    }
  }

  @Test
  void endorsementsDieWithTheArbitersSessionAndReportsAreKeptNewestFirst() throws Exception {
    two.putVerdict(KEY, new Verdict("a1", 1, EAST, 5, 1, T));
    assertThat(one.verdicts(KEY)).extracting(Verdict::arbiter).containsExactly("a1");
    two.close();
    assertThat(one.verdicts(KEY)).isEmpty();

    for (int i = 1; i <= 3; i++) {
      one.putReport(KEY, new SwitchReport(SwitchReport.newId(Epoch.Transition.FAILOVER, i, T.plusSeconds(i)),
          Epoch.Transition.FAILOVER, i, EAST, WEST, T, T.plusSeconds(i), Duration.ofSeconds(i), List.of(), List.of()));
    }
    assertThat(one.reports(KEY, 2)).extracting(SwitchReport::epoch).containsExactly(3L, 2L);
  }

  @Test
  void callsFailFastWhileTheRegistryIsDown() throws Exception {
    one.initialize(KEY, Epoch.initial(PAIR));
    zk.stop();
    long t0 = System.nanoTime();
    dev.tandem.testing.Waits.until(Duration.ofSeconds(10), () -> !one.connected(), () -> "still connected");
    assertThatThrownBy(() -> one.epoch(KEY)).isInstanceOf(PeerUnavailableException.class)
        .hasMessageContaining("not connected");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    zk.restart();
    assertThat(one.awaitConnected(Duration.ofSeconds(20))).isTrue();
    assertThat(one.epoch(KEY)).isPresent();
  }
}
