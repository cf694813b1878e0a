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

  /**
   * A table restored from a cut gets the table's own grants of that cut, in place or under a new name, on either
   * site: grants made since are revoked, missing roles are created with the cut's members, while roles that exist
   * and the database's grants stay as they are (other objects depend on them).
   */
  @Test
  void aRestoredTableGetsItsOwnGrantsOfTheCutOnEitherSite() throws Exception {
    GroupName g = GroupName.of("ud-hive-rs");
    write(primaryFs(), "/ud-hive-rs/data/f", "f");
    createDatabase("depot", "/ud-hive-rs/depot.db");
    east.rpc().create_table(table("depot", "stock", "/ud-hive-rs/depot.db/stock", true, List.of(), "id:bigint"));
    role(east, "stockists", "USER carol");
    grant(east, GRANT, USER, "etl", "depot", "stock", "ALL", true);
    grant(east, GRANT, ROLE, "stockists", "depot", "stock", "SELECT", false);
    grant(east, GRANT, USER, "dbwide", "depot", "", "SELECT", false);
    cp().putGroup(hiveGroup("ud-hive-rs", HdfsDirectory.of("/ud-hive-rs/data"), new HiveDatabase("depot")));
    Run first = runOk("ud-hive-rs");
    List<String> atCut = grants(east, "depot", "stock");

    grant(east, REVOKE, USER, "etl", "depot", "stock", "ALL", true);
    grant(east, GRANT, USER, "mallory", "depot", "stock", "SELECT", false);
    grant(east, REVOKE, USER, "dbwide", "depot", "", "SELECT", false);
    role(east, "stockists", "USER zed");
    var eastId = sandbox.primary().id();
    java.util.function.BiFunction<Boolean, String, dev.tandem.model.RestoreRequest> inPlace = (dry, target) ->
        new dev.tandem.model.RestoreRequest(g, first.cut(), eastId, null, "depot.stock", List.of(), null, target, dry,
            true);

    var dry = cp().restore(inPlace.apply(true, null));
    assertThat(dry.notes()).anySatisfy(n -> assertThat(n).startsWith("Hive grants of depot.stock as of cut "
        + first.cut() + ": would make 2 change(s)").contains("REVOKE user:mallory: SELECT on depot.stock")
        .contains("GRANT user:etl: ALL with grant option on depot.stock"));
    assertThat(grants(east, "depot", "stock")).contains("USER mallory SELECT").doesNotContain("USER etl ALL with grant option");

    cp().restore(inPlace.apply(false, null));
    assertThat(grants(east, "depot", "stock")).isEqualTo(atCut)
        .containsExactly("ROLE stockists SELECT", "USER etl ALL with grant option");
    assertThat(members(east, "stockists")).as("an existing role is not the table's").containsExactly("USER carol",
        "USER zed");
    assertThat(grants(east, "depot", "")).as("the database's grants").isEmpty();
    assertThat(cp().restore(inPlace.apply(false, null)).notes())
        .contains("Hive grants of depot.stock are those of cut " + first.cut());

    // on the secondary, under a new name: its metastore has no role stockists yet
    var westId = sandbox.secondary().id();
    var copy = cp().restore(new dev.tandem.model.RestoreRequest(g, first.cut(), westId, null, "depot.stock",
        List.of(), null, "depot.stock_then", false, false));
    assertThat(copy.notes()).anySatisfy(n -> assertThat(n).contains("CREATE role stockists"));
    assertThat(grants(west, "depot", "stock_then")).isEqualTo(atCut);
    assertThat(members(west, "stockists")).containsExactly("USER carol");
    assertThat(grants(west, "depot", "stock")).as("the replicated table keeps its own").doesNotContain(atCut.get(0));

    // a DR test's tables carry the grants too: applications test with their own identities
    var test = cp().startDrTest(new dev.tandem.model.DrTestRequest(g, java.util.Optional.of(first.cut()), null),
        "auditor");
    try {
      assertThat(test.report().notes()).anySatisfy(n -> assertThat(n).startsWith(
          "Test tables carry their source tables' Hive grants of cut " + first.cut()));
      assertThat(grants(west, "depot_drtest", "stock")).isEqualTo(atCut);
    } finally {
      cp().stopDrTest(g);
    }
  }
}
