package dev.tandem.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import dev.tandem.model.PeerUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where an entry goes when peers fail, and how a query's text is validated. */
class AuditLogTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);
  private static final AuditLog.Action ACTION = new AuditLog.Action("ada", "basic", "groups.create",
      "POST /api/v1/groups", "billing", Map.of("body.name", "billing"), 201, true, null);

  /** An in-memory store that can be told to fail. */
  static final class MemoryStore implements AuditStore {
    final List<AuditEntry> entries = new ArrayList<>();
    boolean down;

    @Override
    public void append(AuditEntry entry) {
      if (down) {
        throw new PeerUnavailableException("down", null);
      }
      entries.add(entry);
    }

    @Override
    public List<AuditEntry> list(AuditQuery query) {
      return entries.stream().filter(query::matches).limit(query.limit()).toList();
    }

    @Override
    public int prune(Instant cutoff) {
      int before = entries.size();
      entries.removeIf(e -> e.time().isBefore(cutoff));
      return before - entries.size();
    }

    @Override
    public void close() {}
  }

  @Test
  void peersGetTheEntryAndTheLocalCopyNamesThoseThatDidNot() {
    MemoryStore local = new MemoryStore();
    MemoryStore west = new MemoryStore();
    MemoryStore north = new MemoryStore();
    north.down = true;
    Map<String, AuditStore> peers = new HashMap<>();
    peers.put("west", west);
    peers.put("north", north);
    peers.put("south", null); // known unreachable: not even tried
    AuditEntry e = new AuditLog("east", local, () -> peers, CLOCK, Duration.ofDays(90)).record(ACTION);

    assertThat(west.entries).singleElement().satisfies(w -> {
      assertThat(w.id()).isEqualTo(e.id());
      assertThat(w.unreached()).isEmpty();
      assertThat(w.recordedBy()).isEqualTo("east");
    });
    assertThat(local.entries).singleElement().satisfies(l -> {
      assertThat(l.unreached()).containsExactlyInAnyOrder("north", "south");
      assertThat(l.user()).isEqualTo("ada");
      assertThat(l.time()).isEqualTo(CLOCK.instant());
    });
  }

  @Test
  void aFailingLocalStoreNeverFailsTheAction() {
    MemoryStore local = new MemoryStore();
    local.down = true;
    MemoryStore west = new MemoryStore();
    AuditLog log = new AuditLog("east", local, () -> Map.of("west", west), CLOCK, Duration.ofDays(90));
    assertThat(log.record(ACTION).action()).isEqualTo("groups.create");
    assertThat(west.entries).hasSize(1);
  }

  @Test
  void pruneDropsWhatIsOlderThanTheRetention() {
    MemoryStore local = new MemoryStore();
    local.entries.add(new AuditEntry("old", CLOCK.instant().minus(Duration.ofDays(91)), "ada", "basic", "x", "",
        null, Map.of(), 0, true, null, "east", List.of()));
    local.entries.add(new AuditEntry("new", CLOCK.instant().minus(Duration.ofDays(89)), "ada", "basic", "x", "",
        null, Map.of(), 0, true, null, "east", List.of()));
    new AuditLog("east", local, Map::of, CLOCK, Duration.ofDays(90)).prune();
    assertThat(local.entries).extracting(AuditEntry::id).containsExactly("new");
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("yesterday", null, null, "since"),
        Arguments.of(null, "2026-13-01", null, "until"),
        Arguments.of("2026-11-24T16:00:00Z", "2026-11-24T15:00:00Z", null, "until"),
        Arguments.of(null, null, "0", "limit"),
        Arguments.of(null, null, "1001", "limit"),
        Arguments.of(null, null, "ten", "limit"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void badQueryTextNamesItsParameter(String since, String until, String limit, String field) {
    assertThatThrownBy(() -> AuditQuery.parse(since, until, null, null, limit))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void datesMeanTheirStartInUtcAndBlanksMeanNoFilter() {
    AuditQuery q = AuditQuery.parse("2026-11-24", " ", "", null, null);
    assertThat(q.since()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThat(q.until()).isNull();
    assertThat(q.user()).isNull();
    assertThat(q.limit()).isEqualTo(AuditQuery.DEFAULT_LIMIT);
  }
}
