package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.engine.fake.FakePair;
import dev.tandem.engine.fake.FakeRestoreFiles;
import dev.tandem.engine.fake.FakeRestoreTables;
import dev.tandem.engine.fake.FakeSiteConnections;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.DrTestReport;
import dev.tandem.model.DrTestReport.Check;
import dev.tandem.model.DrTestReport.Comparison;
import dev.tandem.model.DrTestRequest;
import dev.tandem.model.DrTestStopReport;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.Site;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.SnapshotRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DR test's start, status and stop through the control plane, over in-memory sites: what it writes to the
 * secondary's metastore and registry, what it refuses before writing anything, what it compares with the primary.
 *
 * <pre>
 * /data     snapshot root: events/ (HDFS data set), shop.db/orders/dt=1, dt=2 (Hive database shop)
 * cuts      c1 (older, kept), c2 (last good); c3 recorded but never committed
 * </pre>
 */
class DrTesterTest {
  private static final GroupName G = GroupName.of("shop");
  private static final CutId C1 = new CutId("20261201T010000000Z");
  private static final CutId C2 = new CutId("20261201T050000000Z");
  private static final CutId C3 = new CutId("20261201T090000000Z");

  private final FakePair sites = new FakePair();
  private final FakeRestoreFiles west = new FakeRestoreFiles("west");
  private final FakeRestoreFiles east = new FakeRestoreFiles("east");
  private final FakeRestoreTables hive = new FakeRestoreTables();
  private ControlPlane plane;

  private static String snap(CutId cut, String relative) {
    return "/data/.snapshot/" + cut.snapshotName(G) + (relative.isEmpty() ? "" : "/" + relative);
  }

  private static TableAtCut orders(boolean withDt2) {
    return new TableAtCut("shop", "orders", "/data/shop.db/orders", true, withDt2
        ? Map.of("dt=1", "/data/shop.db/orders/dt=1", "dt=2", "/data/shop.db/orders/dt=2")
        : Map.of("dt=1", "/data/shop.db/orders/dt=1"));
  }

  @BeforeEach
  void groupWithTwoKeptCuts() {
    SiteConnections fake = new FakeSiteConnections(sites);
    SiteConnections connections = new SiteConnections() {
      @Override
      public SiteHandle open(Site site) {
        return fake.open(site);
      }

      @Override
      public FileReplicator replicator(Site from, Site to) {
        return fake.replicator(from, to);
      }

      @Override
      public RestoreFiles restoreFiles(Site site) {
        return site.id().equals(sites.secondary.site.id()) ? west : east;
      }

      @Override
      public Optional<RestoreTables> restoreTables(Site site, Site imageSite) {
        assertThat(site.id()).as("DR tests write the secondary's metastore only").isEqualTo(sites.secondary.site.id());
        return Optional.of(hive);
      }

      @Override
      public void close() {}
    };
    plane = new ControlPlane(sites.primary.registry, connections, sites.clock, RunOptions.defaults(),
        StepInterceptor.NONE, RunListener.NONE);
    plane.registerSite(sites.primary.site);
    plane.registerSite(sites.secondary.site);
    plane.pair(sites.primary.site.id(), sites.secondary.site.id());
    ProtectionGroup group = new ProtectionGroup(G, sites.pair(), List.of(HdfsDirectory.of("/data/events"),
        new HiveDatabase("shop")), Schedule.parse("01:30", "4h", "UTC"), 1, SnapshotEnablement.ENABLE_IF_MISSING,
        true);
    for (var site : List.of(sites.primary, sites.secondary)) {
      site.registry.putGroup(group);
      for (CutId c : List.of(C1, C2, C3)) {
        site.registry.putCut(new Cut(c, G, c.instant(), List.of(new SnapshotRoot("/data", List.of("events",
            "shop.db"))), Duration.ofMillis(40), 7));
      }
      site.registry.moveLastGoodCut(G, Optional.empty(), C2);
    }
    for (CutId c : List.of(C1, C2)) {
      for (FakeRestoreFiles files : List.of(west, east)) {
        files.tree(snap(c, ""), 5, 500).tree(snap(c, "events"), 2, 200).tree(snap(c, "shop.db"), 3, 300)
            .tree(snap(c, "shop.db/orders"), 3, 300).tree(snap(c, "shop.db/orders/dt=1"), 1, 100);
      }
    }
    west.tree(snap(C2, "shop.db/orders/dt=2"), 2, 200);
    east.tree(snap(C2, "shop.db/orders/dt=2"), 2, 200);
    hive.image(C1, orders(false)).image(C2, orders(true));
  }

  private DrTest start(CutId cut, String suffix) {
    return plane.startDrTest(new DrTestRequest(G, Optional.ofNullable(cut), suffix), "alice");
  }

  @Test
  void theLastGoodCutIsExposedInAMarkedTestDatabaseAndTheTestIsRecordedOnTheSecondary() {
    DrTest test = start(null, null);

    assertThat(test.cut()).isEqualTo(C2);
    assertThat(test.startedBy()).isEqualTo("alice");
    assertThat(test.databases()).containsExactly("shop_drtest");
    assertThat(sites.secondary.registry.drTest(G)).contains(test);
    assertThat(sites.primary.registry.drTest(G)).isEmpty();
    assertThat(hive.databases().get("shop_drtest").parameters()).containsEntry(DrTest.GROUP_MARKER, "shop")
        .containsEntry(DrTest.CUT_MARKER, C2.value()).containsEntry(DrTest.SOURCE_MARKER, "shop");
    assertThat(hive.databases().get("shop_drtest").location()).isEqualTo(snap(C2, "shop.db"));
    RestoreTables.ExternalTable t = hive.tables().get("shop_drtest.orders");
    assertThat(t.partitions()).containsExactly("dt=1", "dt=2");
    assertThat(t.relocations()).containsEntry("/data/shop.db/orders/dt=2", snap(C2, "shop.db/orders/dt=2"));

    DrTestReport r = test.finished().orElseThrow();
    assertThat(r.passed()).as("%s", r.checks()).isTrue();
    assertThat(r.paths()).singleElement().satisfies(p -> {
      assertThat(p.snapshotPath()).isEqualTo(snap(C2, "events"));
      assertThat(p.usage()).isEqualTo(new DrTestReport.Usage(2, 200, Comparison.EQUAL, 2, 200));
    });
    assertThat(r.tables()).singleElement().satisfies(e -> {
      assertThat(e.test()).isEqualTo("shop_drtest.orders");
      assertThat(e.partitions()).isEqualTo(2);
      assertThat(e.location()).isEqualTo(snap(C2, "shop.db/orders"));
      assertThat(e.directories()).isEqualTo(3);
      assertThat(e.missingDirectories()).isZero();
      assertThat(e.usage().primary()).isEqualTo(Comparison.EQUAL);
    });
    assertThat(r.checks()).extracting(Check::name).contains("Table shop.orders exposed as shop_drtest.orders",
        "HDFS data set /data/events: file count and bytes equal on east");
    assertThat(plane.drTest(G)).contains(test);
  }

  @Test
  void anOlderKeptCutCanBeChosenAndExposesThatCutsPartitionsOnly() {
    DrTest test = start(C1, "_then");

    assertThat(test.databases()).containsExactly("shop_then");
    assertThat(hive.tables().get("shop_then.orders").partitions()).containsExactly("dt=1");
    assertThat(hive.tables().get("shop_then.orders").relocations()).containsEntry("/data/shop.db/orders",
        snap(C1, "shop.db/orders"));
  }

  @Test
  void unknownGroupAndUnknownOrUncommittedCutsAreNotFoundAndChangeNothing() {
    assertThatThrownBy(() -> plane.startDrTest(new DrTestRequest(GroupName.of("nope"), Optional.empty(), null), "a"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> start(CutId.at(Instant.EPOCH), null)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Unknown cut");
    assertThatThrownBy(() -> start(C3, null)).as("newer than the last good cut: never committed")
        .isInstanceOf(NotFoundException.class);
    assertThat(sites.secondary.registry.drTest(G)).isEmpty();
    assertThat(hive.calls()).isEmpty();
    assertThatThrownBy(() -> plane.stopDrTest(G)).isInstanceOf(NotFoundException.class);
    assertThat(plane.drTest(G)).isEmpty();
  }

  @Test
  void aSecondStartWhileOneIsActiveIsRefusedAndChangesNothing() {
    DrTest first = start(null, null);

    assertThatThrownBy(() -> start(C1, "_other")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("active").hasMessageContaining(C2.value());
    assertThat(sites.secondary.registry.drTest(G)).contains(first);
    assertThat(hive.databases()).containsOnlyKeys("shop_drtest");
  }

  @Test
  void aTargetDatabaseThatIsNotThisGroupsTestDatabaseIsRefusedBeforeAnythingIsWritten() {
    hive.database("shop_drtest", Map.of("owner.team", "analytics"));
    hive.database("shop_x", Map.of(DrTest.GROUP_MARKER, "billing"));

    for (String suffix : new String[] {null, "_x"}) {
      assertThatThrownBy(() -> start(null, suffix)).isInstanceOf(ConflictException.class)
          .hasMessageContaining("is not a DR test database of group shop");
    }
    assertThat(sites.secondary.registry.drTest(G)).isEmpty();
    assertThat(hive.calls()).isEmpty();
    assertThat(hive.databases().get("shop_drtest").parameters()).containsOnlyKeys("owner.team");
  }

  @Test
  void aTestDatabaseThisGroupLeftBehindIsDroppedAndCreatedAgainForTheNewCut() {
    hive.database("shop_drtest", Map.of(DrTest.GROUP_MARKER, "shop", DrTest.CUT_MARKER, C1.value()));

    DrTest test = start(null, null);

    assertThat(hive.calls()).containsExactly("drop shop_drtest", "create shop_drtest", "write shop_drtest.orders");
    assertThat(hive.databases().get("shop_drtest").parameters()).containsEntry(DrTest.CUT_MARKER, C2.value());
    assertThat(test.report().notes()).anyMatch(n -> n.contains("Dropped test database shop_drtest"));
  }

  @Test
  void stopDropsOnlyDatabasesCarryingTheGroupsMarkerAndRemovesTheRecord() {
    start(null, null);
    hive.database("shop_drtest", Map.of("replaced", "by someone"));

    DrTestStopReport stopped = plane.stopDrTest(G);

    assertThat(stopped.databasesDropped()).isEmpty();
    assertThat(stopped.notes()).anyMatch(n -> n.contains("shop_drtest was left alone"));
    assertThat(hive.databases()).containsKey("shop_drtest");
    assertThat(sites.secondary.registry.drTest(G)).isEmpty();
    assertThatThrownBy(() -> plane.stopDrTest(G)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> start(null, null)).as("that database is someone else's now")
        .isInstanceOf(ConflictException.class);

    hive.dropDatabase("shop_drtest");
    start(null, null);
    DrTestStopReport dropped = plane.stopDrTest(G);
    assertThat(dropped.databasesDropped()).containsExactly("shop_drtest");
    assertThat(dropped.tablesDropped()).isEqualTo(1);
    assertThat(dropped.holdReleased()).isTrue();
    assertThat(hive.databases()).isEmpty();
  }

  @Test
  void filesThatDifferFromThePrimarysSnapshotFailTheirCheckAndAMissingSnapshotThereIsNoted() {
    east.tree(snap(C2, "shop.db/orders"), 4, 350);
    east.remove(snap(C2, "events"));

    DrTestReport r = start(null, null).report();

    assertThat(r.passed()).isFalse();
    assertThat(r.tables().get(0).usage()).isEqualTo(new DrTestReport.Usage(3, 300, Comparison.DIFFERENT, 4, 350));
    assertThat(r.checks()).filteredOn(c -> !c.ok()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("Table shop.orders: file count and bytes equal on east");
      assertThat(c.detail()).isEqualTo("west 3 file(s), 300 byte(s); east 4 file(s), 350 byte(s)");
    });
    assertThat(r.paths().get(0).usage()).isEqualTo(new DrTestReport.Usage(2, 200, Comparison.NOT_ON_PRIMARY, -1, -1));
    assertThat(r.notes()).contains("HDFS data set /data/events: the primary east no longer holds "
        + snap(C2, "events") + ", not compared");
  }

  @Test
  void anUnreachablePrimaryIsNotedAndTheTestStillStarts() {
    east.unreachable();

    DrTestReport r = start(null, null).report();

    assertThat(r.passed()).isTrue();
    assertThat(r.paths().get(0).usage().primary()).isEqualTo(Comparison.PRIMARY_UNAVAILABLE);
    assertThat(r.notes()).anyMatch(n -> n.startsWith("The primary east could not be read"));
  }

  @Test
  void aPartitionDirectoryMissingOnTheSecondaryIsLeftOutAndFailsItsCheckAndViewsAreNoted() {
    west.remove(snap(C2, "shop.db/orders/dt=2"));
    hive.image(C2, orders(true), new TableAtCut("shop", "v", "", false, Map.of()));

    DrTestReport r = start(null, null).report();

    assertThat(hive.tables().get("shop_drtest.orders").partitions()).containsExactly("dt=1");
    assertThat(r.checks()).filteredOn(c -> !c.ok()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("Directories of table shop.orders in the cut's snapshot");
      assertThat(c.detail()).startsWith("1 of 3 missing").contains(snap(C2, "shop.db/orders/dt=2"));
    });
    assertThat(r.tables()).extracting(e -> e.source() + " " + e.test() + " " + e.partitions() + " "
        + e.missingDirectories()).containsExactly("shop.orders shop_drtest.orders 1 1", "shop.v  0 0");
    assertThat(r.notes()).contains("Table shop.v not exposed: a view: its query reads the live source tables, not "
        + "the cut");
  }

  @Test
  void aStartThatFailsWhileWritingTablesUndoesWhatItCreatedAndReleasesTheCut() {
    hive.failWrites(new PeerUnavailableException("Metastore of west: connection refused (injected)", null));

    assertThatThrownBy(() -> start(null, null)).isInstanceOf(PeerUnavailableException.class);

    assertThat(hive.calls()).containsExactly("create shop_drtest", "drop shop_drtest");
    assertThat(hive.databases()).isEmpty();
    assertThat(sites.secondary.registry.drTest(G)).isEmpty();
  }

  @Test
  void aTableTheMetastoreRefusesFailsItsCheckAndTheOthersAreStillExposed() {
    hive.failWrites(new dev.tandem.model.TandemException("MetaException location is not a directory (injected)"));

    DrTest test = start(null, null);

    assertThat(test.report().passed()).isFalse();
    assertThat(test.report().checks()).filteredOn(c -> !c.ok()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("Table shop.orders exposed as shop_drtest.orders");
      assertThat(c.detail()).contains("not a directory");
    });
    assertThat(test.report().tables().get(0).exposed()).isFalse();
    assertThat(sites.secondary.registry.drTest(G)).as("the test is active: stop removes what it made").isPresent();
  }
}
