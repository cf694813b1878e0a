package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.RestorePlanner.Copy;
import dev.tandem.engine.RestorePlanner.Plan;
import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.RestoreAction;
import dev.tandem.model.RestoreAction.Kind;
import dev.tandem.model.RestoreRequest;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a restore would write, decided from the cut's record and what the site has now, without a cluster.
 *
 * <pre>
 * /data              snapshot root, scope events/ and invoices/ (reports/ is another group's)
 * /wh/shop.db        snapshot root of database shop: orders/dt=1, orders/dt=2, and dt=3 at /ext/dt3 (root /ext)
 * </pre>
 */
class RestorePlannerTest {
  private static final GroupName G = GroupName.of("shop");
  private static final CutId C = new CutId("20261201T010000000Z");
  private static final String SNAP = "tandem-shop-" + C.value();
  private static final Cut CUT = new Cut(C, G, C.instant(), List.of(new SnapshotRoot("/data", List.of("events",
      "invoices")), new SnapshotRoot("/wh/shop.db", List.of("")), new SnapshotRoot("/ext", List.of(""))),
      Duration.ZERO, 7);

  private final Set<String> paths = new HashSet<>(Set.of("/data/.snapshot/" + SNAP + "/events",
      "/data/.snapshot/" + SNAP + "/events/f1", "/wh/shop.db/.snapshot/" + SNAP + "/orders",
      "/wh/shop.db/.snapshot/" + SNAP + "/orders/dt=1", "/wh/shop.db/.snapshot/" + SNAP + "/orders/dt=2",
      "/ext/.snapshot/" + SNAP + "/dt3"));
  private final Map<String, Set<String>> tables = new HashMap<>();
  private final Set<String> databases = new HashSet<>(Set.of("shop"));

  private final RestorePlanner.Facts facts = new RestorePlanner.Facts() {
    @Override
    public boolean exists(String path) {
      return paths.contains(path);
    }

    @Override
    public Optional<Set<String>> partitionsNow(String database, String table) {
      return Optional.ofNullable(tables.get(database + "." + table));
    }

    @Override
    public boolean databaseExists(String database) {
      return databases.contains(database);
    }
  };

  private static TableAtCut orders() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("dt=1", "/wh/shop.db/orders/dt=1");
    parts.put("dt=2", "/wh/shop.db/orders/dt=2");
    parts.put("dt=3", "/ext/dt3");
    return new TableAtCut("shop", "orders", "/wh/shop.db/orders", true, parts);
  }

  private Plan path(String path, String target) {
    return RestorePlanner.plan(CUT, new RestoreRequest(G, C, SiteId.of("east"), path, null, List.of(), target, null,
        false, false), Optional.empty(), facts);
  }

  private Plan table(String table, List<String> partitions, String targetTable, String targetPath) {
    return RestorePlanner.plan(CUT, new RestoreRequest(G, C, SiteId.of("east"), null, table, partitions, targetPath,
        targetTable, false, false), Optional.of(orders()).filter(t -> table.equals("shop.orders")), facts);
  }

  @Test
  void aDirectoryInPlaceIsCopiedFromTheCutsSnapshotAndConflictsWhileItExists() {
    paths.add("/data/events");
    Plan plan = path("/data/events", null);
    assertThat(plan.copies()).containsExactly(new Copy("/data/events", "/data/.snapshot/" + SNAP + "/events",
        "/data/events"));
    assertThat(plan.conflicts()).containsExactly("/data/events");
    assertThat(plan.actions()).containsExactly(new RestoreAction(Kind.FILES, "/data/events@" + C, "/data/events",
        true));
    assertThat(plan.table()).isEmpty();
  }

  @Test
  void aFileToANewPathConflictsWithNothing() {
    Plan plan = path("/data/events/f1", "/restored/f1");
    assertThat(plan.copies()).containsExactly(new Copy("/data/events/f1", "/data/.snapshot/" + SNAP + "/events/f1",
        "/restored/f1"));
    assertThat(plan.conflicts()).isEmpty();
  }

  static Stream<Arguments> badPaths() {
    return Stream.of(
        Arguments.of("/elsewhere/x", "path", "is not in the data sets of group shop"),
        Arguments.of("/data/reports", "path", "is not in the data sets"),
        Arguments.of("/data", "path", "is not in the data sets"),
        Arguments.of("/data/invoices", "path", "has no file or directory /data/invoices"));
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void pathsOutsideTheCutAreRefusedNamingTheField(String path, String field, String message) {
    assertThatThrownBy(() -> path(path, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining(message)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(field);
  }

  @Test
  void aWholeTableUnderANewNameGoesNextToTheOldOneWithItsPartitions() {
    Plan plan = table("shop.orders", List.of(), "shop.orders_then", null);
    assertThat(plan.copies()).containsExactly(
        new Copy("/wh/shop.db/orders", "/wh/shop.db/.snapshot/" + SNAP + "/orders", "/wh/shop.db/orders_then"),
        new Copy("/ext/dt3", "/ext/.snapshot/" + SNAP + "/dt3", "/wh/shop.db/orders_then/dt=3"));
    assertThat(plan.table().orElseThrow().relocations()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/wh/shop.db/orders", "/wh/shop.db/orders_then",
        "/wh/shop.db/orders/dt=1", "/wh/shop.db/orders_then/dt=1",
        "/wh/shop.db/orders/dt=2", "/wh/shop.db/orders_then/dt=2",
        "/ext/dt3", "/wh/shop.db/orders_then/dt=3"));
    assertThat(plan.table().orElseThrow().partitions()).isEmpty();
    assertThat(plan.actions()).filteredOn(a -> a.kind() == Kind.PARTITION).hasSize(3);
    assertThat(plan.conflicts()).isEmpty();
  }

  @Test
  void aTableUnderANewNameGoesWhereTargetPathSays() {
    Plan plan = table("shop.orders", List.of(), "shop.orders_then", "/restored/orders");
    assertThat(plan.copies()).extracting(Copy::target).containsExactly("/restored/orders", "/restored/orders/dt=3");
  }

  @Test
  void aWholeTableInPlaceConflictsWithTheTableAndItsDirectory() {
    tables.put("shop.orders", Set.of("dt=2", "dt=9"));
    paths.add("/wh/shop.db/orders");
    Plan plan = table("shop.orders", List.of(), null, null);
    assertThat(plan.conflicts()).containsExactly("/wh/shop.db/orders", "table shop.orders");
    assertThat(plan.table().orElseThrow().relocations()).allSatisfy((from, to) -> assertThat(to).isEqualTo(from));
  }

  @Test
  void partitionsInPlaceConflictOnlyWhereTheyExist() {
    tables.put("shop.orders", Set.of("dt=2"));
    paths.add("/wh/shop.db/orders/dt=2");
    Plan plan = table("shop.orders", List.of("dt=1", "dt=2"), null, null);
    assertThat(plan.copies()).extracting(Copy::cutPath).containsExactly("/wh/shop.db/orders/dt=1",
        "/wh/shop.db/orders/dt=2");
    assertThat(plan.conflicts()).containsExactly("/wh/shop.db/orders/dt=2", "partition shop.orders/dt=2");
    assertThat(plan.actions()).extracting(RestoreAction::kind).doesNotContain(Kind.TABLE);
    assertThat(plan.table().orElseThrow().partitions()).containsExactly("dt=1", "dt=2");
  }

  static Stream<Arguments> badTables() {
    return Stream.of(
        Arguments.of("shop.gone", List.of(), null, "table", "Table shop.gone is not in cut"),
        Arguments.of("shop.orders", List.of("dt=7"), null, "partitions", "has no partition dt=7"),
        Arguments.of("shop.orders", List.of(), "nodb.orders", "targetTable", "Database nodb does not exist"));
  }

  @ParameterizedTest
  @MethodSource("badTables")
  void badTableRestoresAreRefusedNamingTheField(String table, List<String> partitions, String target, String field,
      String message) {
    assertThatThrownBy(() -> table(table, partitions, target, null)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message).extracting(e -> ((InvalidInputException) e).field()).isEqualTo(field);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(null, null, List.of(), null, null, "path"),
        Arguments.of("/data/events", "shop.orders", List.of(), null, null, "table"),
        Arguments.of("data/events", null, List.of(), null, null, "path"),
        Arguments.of("/data/.snapshot/x", null, List.of(), null, null, "path"),
        Arguments.of("/data/events", null, List.of(), "/tandem/x", null, "targetPath"),
        Arguments.of("/data/events", null, List.of(), null, "shop.x", "targetTable"),
        Arguments.of("/data/events", null, List.of("dt=1"), null, null, "partitions"),
        Arguments.of(null, "orders", List.of(), null, null, "table"),
        Arguments.of(null, "shop.orders", List.of("../x"), null, null, "partitions"),
        Arguments.of(null, "shop.orders", List.of(), null, "shop.or-ders", "targetTable"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badRequestsNameTheField(String path, String table, List<String> partitions, String targetPath,
      String targetTable, String field) {
    assertThatThrownBy(() -> new RestoreRequest(G, C, SiteId.of("east"), path, table, partitions, targetPath,
        targetTable, false, false)).isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(field);
  }

  @Test
  void theSnapshotPathComesFromTheDeepestRootWhoseScopeHoldsThePath() {
    assertThat(RestorePlanner.snapshotPath(CUT, "/data/events/a/b")).contains("/data/.snapshot/" + SNAP
        + "/events/a/b");
    assertThat(RestorePlanner.snapshotPath(CUT, "/wh/shop.db")).contains("/wh/shop.db/.snapshot/" + SNAP);
    assertThat(RestorePlanner.snapshotPath(CUT, "/data/reports/x")).isEmpty();
  }
}
