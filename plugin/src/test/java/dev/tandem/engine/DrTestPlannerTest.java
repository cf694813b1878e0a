package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.DrTestPlanner.Plan;
import dev.tandem.engine.DrTestPlanner.TablePlan;
import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.DrTestRequest;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.SnapshotRoot;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a DR test exposes, decided from the cut's record, its image's tables and what the secondary's snapshot holds.
 *
 * <pre>
 * /data              snapshot root, scope events/ (HDFS data set) and archive/ (another data set, missing)
 * /wh/shop.db        snapshot root of database shop: orders/dt=1, dt=2 (dt=2's directory missing), dt=3 at /ext/dt3
 *                    (root /ext), items (unpartitioned), v_orders (a view), gone (its directory missing)
 * </pre>
 */
class DrTestPlannerTest {
  private static final GroupName G = GroupName.of("shop");
  private static final CutId C = new CutId("20261201T010000000Z");
  private static final String SNAP = "tandem-shop-" + C.value();
  private static final Cut CUT = new Cut(C, G, C.instant(), List.of(new SnapshotRoot("/data", List.of("events",
      "archive")), new SnapshotRoot("/wh/shop.db", List.of("")), new SnapshotRoot("/ext", List.of(""))),
      Duration.ZERO, 7);
  private static final ProtectionGroup GROUP = new ProtectionGroup(G, new ClusterPair(SiteId.of("east"),
      SiteId.of("west")), List.of(HdfsDirectory.of("/data/events"), HdfsDirectory.of("/data/archive"),
      HdfsDirectory.of("/later"), new HiveDatabase("shop")), Schedule.parse("01:30", "4h", "UTC"), 3,
      SnapshotEnablement.ENABLE_IF_MISSING, true);

  private final Set<String> paths = new HashSet<>(Set.of("/data/.snapshot/" + SNAP + "/events",
      "/wh/shop.db/.snapshot/" + SNAP, "/wh/shop.db/.snapshot/" + SNAP + "/orders",
      "/wh/shop.db/.snapshot/" + SNAP + "/orders/dt=1", "/ext/.snapshot/" + SNAP + "/dt3",
      "/wh/shop.db/.snapshot/" + SNAP + "/items"));

  private static TableAtCut orders() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("dt=1", "/wh/shop.db/orders/dt=1");
    parts.put("dt=2", "/wh/shop.db/orders/dt=2");
    parts.put("dt=3", "/ext/dt3");
    return new TableAtCut("shop", "orders", "/wh/shop.db/orders", true, parts);
  }

  private static List<TableAtCut> image() {
    return List.of(new TableAtCut("shop", "gone", "/wh/shop.db/gone", false, Map.of()),
        new TableAtCut("shop", "items", "/wh/shop.db/items", false, Map.of()), orders(),
        new TableAtCut("shop", "v_orders", "", false, Map.of()),
        new TableAtCut("shop", "acid", "/wh/shop.db/acid", false, Map.of(), true));
  }

  private Plan plan(String suffix) {
    return DrTestPlanner.plan(CUT, GROUP, new DrTestRequest(G, Optional.empty(), suffix), image(), paths::contains);
  }

  private static TablePlan table(Plan plan, String name) {
    return plan.tables().stream().filter(t -> t.source().table().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void tablesPointAtTheCutsSnapshotPathsInTheSuffixedDatabaseWithTheGroupsMarkers() {
    Plan plan = plan(null);

    assertThat(plan.databaseNames()).containsExactly("shop_drtest");
    TablePlan orders = table(plan, "orders");
    assertThat(orders.testName()).isEqualTo("shop_drtest.orders");
    assertThat(orders.location()).isEqualTo("/wh/shop.db/.snapshot/" + SNAP + "/orders");
    assertThat(orders.write().relocations()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/wh/shop.db/orders", "/wh/shop.db/.snapshot/" + SNAP + "/orders",
        "/wh/shop.db/orders/dt=1", "/wh/shop.db/.snapshot/" + SNAP + "/orders/dt=1",
        "/ext/dt3", "/ext/.snapshot/" + SNAP + "/dt3"));
    assertThat(orders.write().parameters()).containsEntry(DrTest.GROUP_MARKER, "shop")
        .containsEntry(DrTest.CUT_MARKER, C.value()).containsEntry(DrTest.SOURCE_MARKER, "shop.orders");
    assertThat(table(plan, "items").write().partitions()).isEmpty();
  }

  @Test
  void aPartitionWhoseDirectoryTheSnapshotLacksIsLeftOutAndNamed() {
    TablePlan orders = table(plan(null), "orders");

    assertThat(orders.write().partitions()).containsExactly("dt=1", "dt=3");
    assertThat(orders.missing()).containsExactly("/wh/shop.db/.snapshot/" + SNAP + "/orders/dt=2");
    assertThat(orders.directories()).hasSize(4);
    // Files are counted over the table's directory and the partition outside it, each once.
    assertThat(orders.top()).containsExactly("/wh/shop.db/.snapshot/" + SNAP + "/orders",
        "/ext/.snapshot/" + SNAP + "/dt3");
  }

  @Test
  void viewsAcidTablesAndTablesWithoutTheirDirectoryAreNotExposedAndOnlyTheLastIsAFailure() {
    Plan plan = plan(null);

    assertThat(plan.tables()).extracting(TablePlan::sourceName).containsExactly("shop.items", "shop.orders");
    assertThat(plan.skipped()).extracting(s -> s.sourceName() + " " + s.failed()).containsExactly(
        "shop.gone true", "shop.v_orders false", "shop.acid false");
    assertThat(plan.skipped().get(0).reason()).contains("/wh/shop.db/gone", "not in the cut's snapshot");
    assertThat(plan.skipped().get(1).reason()).contains("view");
    assertThat(plan.skipped().get(2).reason()).contains("ACID");
  }

  @Test
  void theTestDatabasePointsAtTheSourceDatabasesDirectoryInTheSnapshot() {
    assertThat(plan(null).databases()).singleElement().satisfies(d -> {
      assertThat(d.source()).isEqualTo("shop");
      assertThat(d.location()).isEqualTo("/wh/shop.db/.snapshot/" + SNAP);
    });
    paths.remove("/wh/shop.db/.snapshot/" + SNAP);
    assertThat(plan(null).databases().get(0).location()).as("else an exposed table's own directory")
        .isEqualTo("/wh/shop.db/.snapshot/" + SNAP + "/items");
  }

  @Test
  void hdfsDataSetsAreTheirSnapshotPathsAndOneTheCutLacksOrNeverHadIsSaidSo() {
    assertThat(plan(null).paths()).extracting(p -> p.path() + " " + p.snapshotPath().orElse("-") + " " + p.exists())
        .containsExactly("/data/events /data/.snapshot/" + SNAP + "/events true",
            "/data/archive /data/.snapshot/" + SNAP + "/archive false",
            "/later - false");
  }

  @Test
  void theSuffixIsLowerCasedAndNamesTheDatabases() {
    assertThat(plan("_DR1").databaseNames()).containsExactly("shop_dr1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-x", "_dr test", "a.b", "x;drop", "`x`", "_ü"})
  void aSuffixThatIsNoPartOfAHiveNameIsRefusedNamingTheField(String suffix) {
    assertThatThrownBy(() -> new DrTestRequest(G, Optional.empty(), suffix))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("databaseSuffix"));
  }

  @ParameterizedTest
  @CsvSource({"68, false", "128, false", "129, true"})
  void aTestDatabaseNameLongerThanHivesIsRefused(int length, boolean refused) {
    TableAtCut t = new TableAtCut("s".repeat(length - DrTestRequest.DEFAULT_SUFFIX.length()), "t",
        "/wh/shop.db/items", false, Map.of());
    DrTestRequest rq = new DrTestRequest(G, Optional.empty(), null);
    if (refused) {
      assertThatThrownBy(() -> DrTestPlanner.plan(CUT, GROUP, rq, List.of(t), paths::contains))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("128")
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("databaseSuffix"));
    } else {
      assertThat(DrTestPlanner.plan(CUT, GROUP, rq, List.of(t), paths::contains).databaseNames().get(0))
          .hasSize(length).endsWith("_drtest");
    }
  }
}
