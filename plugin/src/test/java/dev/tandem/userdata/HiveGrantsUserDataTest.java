package dev.tandem.userdata;

import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.AccessSource;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.Run;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.testing.HiveSandboxTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hive grants of a group with a real Hive database (the sites have metastores), carried through the
 * grant SPI by an in-memory implementation until the metastore-backed one exists.
 */
class HiveGrantsUserDataTest extends HiveSandboxTest {

  private static UserDataService west() {
    return sandbox.connections().userData(sandbox.site(sandbox.secondary()));
  }

  @Test
  void hiveGrantsTravelThroughTheirSpiLikeEveryOtherSource() throws Exception {
    UserDataTest.InMemoryHiveGrants eastGrants = new UserDataTest.InMemoryHiveGrants(new HiveGrants(List.of(
        new HiveGrants.Privilege(Principal.role("analyst"), "sales", "", "SELECT", false),
        new HiveGrants.Privilege(Principal.user("etl"), "sales", "orders", "ALL", true),
        new HiveGrants.Privilege(Principal.user("etl"), "other", "", "ALL", false)),
        List.of(new HiveGrants.Role("analyst", List.of(Principal.group("analysts"))))));
    UserDataTest.InMemoryHiveGrants westGrants = new UserDataTest.InMemoryHiveGrants(new HiveGrants(List.of(), List.of()));
    sandbox.connections().userDataSources(sandbox.primary().id(),
        sandbox.manager(sandbox.primary()).sources().withHive(eastGrants));
    sandbox.connections().userDataSources(sandbox.secondary().id(),
        sandbox.manager(sandbox.secondary()).sources().withHive(westGrants));
    write(primaryFs(), "/ud-hive/data/f", "f");
    createDatabase("sales", "/ud-hive/sales.db");
    cp().putGroup(hiveGroup("ud-hive", HdfsDirectory.of("/ud-hive/data"), new HiveDatabase("sales")));
    Run first = runOk("ud-hive");
    UserDataRecord r = west().record(GroupName.of("ud-hive"), first.cut());
    // grants outside the group's databases stay out
    assertThat(r.hive().privileges()).extracting(HiveGrants.Privilege::object).containsOnly("sales", "sales.orders");

    eastGrants.grants = new HiveGrants(eastGrants.grants.privileges(), List.of(new HiveGrants.Role("analyst",
        List.of(Principal.group("analysts"), Principal.user("dave")))));
    Run second = runOk("ud-hive");
    assertThat(UserDataTest.diffLines(west().diff(GroupName.of("ud-hive"), first.cut(), second.cut())))
        .containsExactly("user:dave gained HIVE role analyst: member");

    UserDataApplyReport applied = west().apply(GroupName.of("ud-hive"), second.cut(), ApplyMode.APPLY);
    assertThat(applied.changes()).filteredOn(c -> c.source() == AccessSource.HIVE).hasSize(3);
    assertThat(westGrants.grants).isEqualTo(eastGrants.capture(r.scope()));
    assertThat(west().apply(GroupName.of("ud-hive"), second.cut(), ApplyMode.APPLY).changes()).isEmpty();
  }
}
