package dev.tandem.userdata;

import static dev.tandem.testing.Trees.write;
import static org.apache.hadoop.hive.metastore.api.GrantRevokeType.GRANT;
import static org.apache.hadoop.hive.metastore.api.GrantRevokeType.REVOKE;
import static org.apache.hadoop.hive.metastore.api.PrincipalType.GROUP;
import static org.apache.hadoop.hive.metastore.api.PrincipalType.ROLE;
import static org.apache.hadoop.hive.metastore.api.PrincipalType.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.hive.HmsClient;
import dev.tandem.hive.HmsHiveGrants;
import dev.tandem.model.AccessSource;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.model.UserDataChange;
import dev.tandem.testing.HiveSandboxTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/**
 * Hive grants of a group on the two sites' real metastores: captured with every cut, diffed, applied to the
 * secondary's metastore. Every assertion on a metastore reads it directly, not through Tandem's reader.
 */
class HiveGrantsUserDataTest extends HiveSandboxTest {
  private static final GroupName G = GroupName.of("ud-hive");
  /** The group's objects: database {@code sales} (whole, with table {@code orders}) and {@code crm.contacts}. */
  private static final List<String[]> OBJECTS = List.of(new String[] {"sales", ""}, new String[] {"sales", "orders"},
      new String[] {"crm", ""}, new String[] {"crm", "contacts"});

  private static UserDataService west() {
    return sandbox.connections().userData(sandbox.site(sandbox.secondary()));
  }

  private static Map<String, List<String>> grantsOnTheGroup(HmsClient client) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String[] o : OBJECTS) {
      out.put(o[0] + "." + o[1], grants(client, o[0], o[1]));
    }
    return out;
  }

  private static List<UserDataChange> hive(UserDataApplyReport report) {
    assertThat(report.problems()).noneMatch(p -> p.startsWith("HIVE"));
    return report.changes().stream().filter(c -> c.source() == AccessSource.HIVE).toList();
  }

  @Test
  void grantsOnTheGroupsObjectsAreKeptWithEachCutDiffedAndConvergeOnTheSecondary() throws Exception {
    write(primaryFs(), "/ud-hive/data/f", "f");
    createDatabase("sales", "/ud-hive/sales.db");
    east.rpc().create_table(table("sales", "orders", "/ud-hive/sales.db/orders", false, List.of(), "id:bigint"));
    createDatabase("crm", "/ud-hive/crm.db");
    east.rpc().create_table(table("crm", "contacts", "/ud-hive/crm.db/contacts", false, List.of(), "id:bigint"));
    east.rpc().create_table(table("crm", "leads", "/ud-hive/crm.db/leads", false, List.of(), "id:bigint"));
    grant(east, GRANT, USER, "etl", "sales", "", "ALL", true);
    grant(east, GRANT, GROUP, "analysts", "sales", "orders", "SELECT", false);
    role(east, "support", "GROUP helpdesk");
    role(east, "reader", "USER alice", "ROLE support");
    grant(east, GRANT, ROLE, "reader", "crm", "contacts", "SELECT", false);
    // crm.leads is in a database the group touches, but not in the group
    grant(east, GRANT, USER, "mallory", "crm", "leads", "SELECT", false);
    cp().putGroup(hiveGroup("ud-hive", HdfsDirectory.of("/ud-hive/data"), new HiveDatabase("sales"),
        new HiveTable("crm", "contacts")));

    Run first = runOk("ud-hive");
    UserDataRecord r = west().record(G, first.cut());
    assertThat(r.sources()).filteredOn(s -> s.source() == AccessSource.HIVE).singleElement()
        .satisfies(s -> assertThat(s.captured()).as(s.detail()).isTrue());
    assertThat(r.hive().privileges()).containsExactlyInAnyOrder(
        new HiveGrants.Privilege(Principal.user("etl"), "sales", "", "ALL", true),
        new HiveGrants.Privilege(Principal.group("analysts"), "sales", "orders", "SELECT", false),
        new HiveGrants.Privilege(Principal.role("reader"), "crm", "contacts", "SELECT", false));
    // reader holds a grant; support is granted reader, so its members hold it too
    assertThat(r.hive().roles()).containsExactly(
        new HiveGrants.Role("reader", List.of(Principal.user("alice"), Principal.role("support"))),
        new HiveGrants.Role("support", List.of(Principal.group("helpdesk"))));

    grant(east, REVOKE, GROUP, "analysts", "sales", "orders", "SELECT", false);
    grant(east, GRANT, USER, "bob", "crm", "contacts", "INSERT", false);
    role(east, "reader", "USER dave");
    Run second = runOk("ud-hive");
    assertThat(UserDataTest.diffLines(west().diff(G, first.cut(), second.cut()))).containsExactly(
        "user:bob gained HIVE crm.contacts: INSERT",
        "user:dave gained HIVE role reader: member",
        "group:analysts lost HIVE sales.orders: SELECT");

    // the standby has drifted: a grant the cut lacks on the group's table, one of its own on crm.leads
    Table leads = table("crm", "leads", "/ud-hive/crm.db/leads", false, List.of(), "id:bigint");
    leads.getSd().setLocation(westUri("/ud-hive/crm.db/leads"));
    west.rpc().create_table(leads);
    grant(west, GRANT, USER, "stale", "sales", "orders", "SELECT", false);
    grant(west, GRANT, USER, "west-ops", "crm", "leads", "ALL", false);
    Map<String, List<String>> westBefore = grantsOnTheGroup(west);

    UserDataApplyReport dry = west().apply(G, second.cut(), ApplyMode.DRY_RUN);
    assertThat(hive(dry)).extracting(UserDataChange::toString).contains(
        "HIVE CREATE role reader",
        "HIVE REVOKE user:stale: SELECT on sales.orders",
        "HIVE GRANT user:etl: ALL with grant option on sales",
        "HIVE GRANT role reader: member role:support");
    assertThat(grantsOnTheGroup(west)).isEqualTo(westBefore);
    assertThat(west.rpc().get_role_names()).doesNotContain("reader", "support");

    UserDataApplyReport applied = west().apply(G, second.cut(), ApplyMode.APPLY);
    assertThat(hive(applied)).isEqualTo(hive(dry));
    assertThat(grantsOnTheGroup(west)).isEqualTo(grantsOnTheGroup(east));
    assertThat(members(west, "reader")).isEqualTo(members(east, "reader"))
        .containsExactly("ROLE support", "USER alice", "USER dave");
    assertThat(members(west, "support")).containsExactly("GROUP helpdesk");
    assertThat(grants(west, "crm", "leads")).containsExactly("USER west-ops ALL");

    assertThat(hive(west().apply(G, second.cut(), ApplyMode.APPLY))).isEmpty();
  }

  @Test
  void aCutGrantingOnATableTheSecondaryLacksChangesNothingThere() throws Exception {
    secondaryFs().mkdirs(new Path("/ud-hive-gap/gap.db"));
    west.rpc().create_database(new Database("gap", "", westUri("/ud-hive-gap/gap.db"), new HashMap<>()));
    grant(west, GRANT, USER, "old", "gap", "", "SELECT", false);
    HiveGrants cut = new HiveGrants(List.of(
        new HiveGrants.Privilege(Principal.user("new"), "gap", "", "SELECT", false),
        new HiveGrants.Privilege(Principal.user("new"), "gap", "events", "SELECT", false)), List.of());
    UserDataScope scope = new UserDataScope(List.of(), List.of("gap"), List.of(), "ud-hive-gap");

    var target = new HmsHiveGrants(sandbox.secondary().metastoreUri(), Duration.ofSeconds(30));
    assertThatThrownBy(() -> target.apply(cut, scope, ApplyMode.APPLY))
        .isInstanceOf(TandemException.class).hasMessageContaining("has no [gap.events]")
        .hasMessageContaining("no Hive grant was changed");
    assertThat(grants(west, "gap", "")).containsExactly("USER old SELECT");
  }

  @Test
  void aMetastoreThatCannotBeReadFailsTheCaptureAndKeepsThePreviousVersion() throws Exception {
    GroupName g = GroupName.of("ud-hive-down");
    write(primaryFs(), "/ud-hive-down/data/f", "f");
    createDatabase("ledger", "/ud-hive-down/ledger.db");
    cp().putGroup(hiveGroup("ud-hive-down", HdfsDirectory.of("/ud-hive-down/data"), new HiveDatabase("ledger")));
    Run good = runOk("ud-hive-down");
    var eastSources = sandbox.manager(sandbox.primary()).sources();
    // port 1 on loopback: nothing listens there
    sandbox.connections().userDataSources(sandbox.primary().id(),
        eastSources.withMetastore("thrift://127.0.0.1:1", Duration.ofSeconds(5)));
    try {
      Run failed = cp().runNow(g);
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      assertThat(failed.error()).startsWith("Cannot capture HIVE user data").contains("127.0.0.1:1");
      assertThat(west().versions(g)).containsExactly(good.cut());
    } finally {
      sandbox.connections().userDataSources(sandbox.primary().id(), eastSources);
    }
  }
}
