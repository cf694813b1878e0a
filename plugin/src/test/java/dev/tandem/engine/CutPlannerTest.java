package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.fake.FakeFileSystem;
import dev.tandem.engine.fake.FakePair;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.SnapshotRoot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's choice of snapshot roots, over an in-memory file system. */
class CutPlannerTest {
  private final FakePair sites = new FakePair();
  private final FakeFileSystem fs = sites.primary.files;
  private final CutPlanner planner = new CutPlanner(fs);

  private ProtectionGroup group(String... dirs) {
    return sites.group("billing", 3, dirs);
  }

  private static ProtectionGroup existingOnly(ProtectionGroup g) {
    return new ProtectionGroup(g.name(), g.pair(), g.dataSets(), g.schedule(), g.retention(),
        SnapshotEnablement.EXISTING_ONLY, true);
  }

  @Test
  void directoriesUnderOneSnapshottableAncestorShareItAsOneRoot() {
    fs.mkdirs("/data/billing/in");
    fs.mkdirs("/data/sales");
    fs.allowSnapshot("/data");

    List<SnapshotRoot> roots = planner.plan(group("/data/billing/in", "/data/sales"));

    assertThat(roots).containsExactly(new SnapshotRoot("/data", List.of("billing/in", "sales")));
  }

  @Test
  void aDirectoryThatIsItselfSnapshottableIsItsOwnRootWithTheWholeScope() {
    fs.mkdirs("/data/billing");
    fs.allowSnapshot("/data/billing");

    assertThat(planner.plan(group("/data/billing"))).containsExactly(new SnapshotRoot("/data/billing", List.of("")));
  }

  @Test
  void withoutASnapshottableAncestorPlanEnablesTheDirectoryItselfAndCheckChangesNothing() {
    fs.mkdirs("/data/billing");
    fs.mkdirs("/data/sales");
    ProtectionGroup g = group("/data/billing", "/data/sales");

    assertThat(planner.check(g)).containsExactly(new SnapshotRoot("/data/billing", List.of("")),
        new SnapshotRoot("/data/sales", List.of("")));
    assertThat(fs.isSnapshottable("/data/billing")).isFalse();

    planner.plan(g);
    assertThat(fs.isSnapshottable("/data/billing")).isTrue();
    assertThat(fs.isSnapshottable("/data/sales")).isTrue();
    assertThat(fs.isSnapshottable("/data")).isFalse();
  }

  @Test
  void aGroupThatMayNotEnableSnapshotsIsRefusedNamingTheField() {
    fs.mkdirs("/data/billing");
    fs.mkdirs("/data/sales");
    fs.allowSnapshot("/data/billing");

    assertThatThrownBy(() -> planner.plan(existingOnly(group("/data/billing", "/data/sales"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/data/sales is not snapshottable")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("dataSets[1].path");
    assertThat(fs.isSnapshottable("/data/sales")).isFalse();
  }

  @Test
  void aMissingDirectoryIsRefused() {
    assertThatThrownBy(() -> planner.plan(group("/data/nowhere")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist on the primary (hdfs://east): /data/nowhere");
  }

  @Test
  void metastoreLocationsJoinTheRootsUnlessCoveredAbsentOrInsideAnother() {
    fs.mkdirs("/data/billing");
    fs.mkdirs("/warehouse/sales.db/orders");
    fs.allowSnapshot("/warehouse");
    List<MetastorePlan.Location> locations = List.of(
        new MetastorePlan.Location("/warehouse/sales.db/orders", "dataSets[1].table", "hive:sales.orders"),
        new MetastorePlan.Location("/warehouse/sales.db", "dataSets[1].database", "hive:sales"),
        new MetastorePlan.Location("/data/billing/t", "dataSets[2].table", "hive:billing.t"),
        new MetastorePlan.Location("/warehouse/dropped", "dataSets[3].table", "hive:old.t",
            MetastorePlan.Need.IF_PRESENT));

    List<SnapshotRoot> roots = planner.plan(group("/data/billing"), locations);

    assertThat(roots).containsExactly(new SnapshotRoot("/data/billing", List.of("")),
        new SnapshotRoot("/warehouse", List.of("sales.db")));
  }

  @Test
  void aRequiredMetastoreLocationThatIsMissingIsRefusedNamingItsField() {
    fs.mkdirs("/data/billing");

    assertThatThrownBy(() -> planner.plan(group("/data/billing"),
        List.of(new MetastorePlan.Location("/warehouse/gone", "dataSets[1].table", "hive:s.gone"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("hive:s.gone")
        .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("dataSets[1].table");
  }
}
