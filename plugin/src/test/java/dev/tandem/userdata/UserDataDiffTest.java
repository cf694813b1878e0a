package dev.tandem.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.model.AccessSource;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SiteId;
import dev.tandem.ranger.RangerPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The diff is a pure function of two records: who gained or lost what, and what else changed. */
class UserDataDiffTest {
  private static final UserDataScope SCOPE = new UserDataScope(List.of("/data/billing"), List.of("billing"),
      List.of(), "billing");

  record Parts(ManagerAccounts manager, HdfsAccess hdfs, HiveGrants hive, RangerAccess ranger, Tenants tenants) {
    Parts with(ManagerAccounts m) {
      return new Parts(m, hdfs, hive, ranger, tenants);
    }

    Parts with(HdfsAccess h) {
      return new Parts(manager, h, hive, ranger, tenants);
    }

    Parts with(HiveGrants h) {
      return new Parts(manager, hdfs, h, ranger, tenants);
    }

    Parts with(RangerAccess r) {
      return new Parts(manager, hdfs, hive, r, tenants);
    }

    Parts with(Tenants t) {
      return new Parts(manager, hdfs, hive, ranger, t);
    }

    UserDataRecord record(String cut) {
      List<SourceStatus> sources = List.of(new SourceStatus(AccessSource.MANAGER, manager != null, "m"),
          new SourceStatus(AccessSource.RANGER, ranger != null, "not configured"));
      return new UserDataRecord(1, GroupName.of("billing"), new CutId(cut), SiteId.of("east"),
          Instant.parse("2026-11-24T10:00:00Z"), SCOPE, sources, manager, hdfs, hive, ranger, tenants, List.of());
    }
  }

  static final String C1 = "20261124T100000000Z";
  static final String C2 = "20261124T140000000Z";

  static ManagerAccounts manager(List<String> opsMembers, AmbariPrivilege... privileges) {
    return new ManagerAccounts("east", List.of(new ManagerAccounts.User("alice", "Alice", true, "LDAP"),
        new ManagerAccounts.User("bob", "Bob", true, "LOCAL")),
        List.of(new ManagerAccounts.Group("billing-ops", "LOCAL", opsMembers)), List.of(privileges));
  }

  static HdfsAccess hdfs(String owner, String perm, String... acl) {
    return new HdfsAccess(List.of(new PathAccess("/data/billing", owner, "billing", perm, List.of(acl))), false);
  }

  static RangerAccess ranger(boolean enabled, String path, String... groups) {
    return new RangerAccess(List.of(new RangerAccess.Rule("hdfs", true, new RangerPolicy(1, "billing-data",
        "east_hadoop", "", enabled, true, 0, Map.of("path", new RangerPolicy.Resource(List.of(path), false, true)),
        List.of(new RangerPolicy.Item(List.of(new RangerPolicy.Access("read", true)), List.of(), List.of(groups),
            List.of(), List.of(), false)), List.of(), List.of(), List.of(), List.of()))), List.of());
  }

  static Tenants tenants(String capacity, String submit) {
    return new Tenants(List.of(new Tenants.Tenant("root.billing", Map.of("default", Map.of("capacity", "60")),
        List.of(new Tenants.Queue("root.billing", Map.of("capacity", capacity, "acl_submit_applications", submit))))));
  }

  static final Parts BASE = new Parts(
      manager(List.of("bob"), AmbariPrivilege.cluster("east", "CLUSTER.USER", "billing-ops", PrincipalType.GROUP)),
      hdfs("billing", "0750", "user:alice:r-x", "group::r-x"),
      new HiveGrants(List.of(new HiveGrants.Privilege(Principal.role("analyst"), "billing", "", "SELECT", false)),
          List.of(new HiveGrants.Role("analyst", List.of(Principal.group("analysts"))))),
      ranger(true, "/data/billing", "analysts"),
      tenants("40", "etl billing-ops"));

  @Test
  void theSameUserDataMakesNoDiff() {
    assertThat(UserDataDiff.between(BASE.record(C1), BASE.record(C2)).isEmpty()).isTrue();
  }

  @Test
  void managerPrivilegesAndMembershipsAreGainedAndLostPerPrincipal() {
    Parts after = BASE.with(manager(List.of("alice"),
        AmbariPrivilege.cluster("east", "CLUSTER.USER", "billing-ops", PrincipalType.GROUP),
        AmbariPrivilege.cluster("east", "SERVICE.OPERATOR", "bob", PrincipalType.USER)));
    UserDataDiff d = UserDataDiff.between(BASE.record(C1), after.record(C2));
    assertThat(d.from()).isEqualTo(new CutId(C1));
    assertThat(d.principals()).extracting(c -> c.principal().toString()).containsExactly("user:alice", "user:bob");
    assertThat(d.principals().get(0).gained()).containsExactly(new Grant(Principal.user("alice"), AccessSource.MANAGER,
        "group billing-ops", "member"));
    assertThat(d.principals().get(1).gained()).extracting(Grant::right).containsExactly("SERVICE.OPERATOR");
    assertThat(d.principals().get(1).lost()).extracting(Grant::resource).containsExactly("group billing-ops");
    assertThat(d.resources()).isEmpty();
  }

  @Test
  void hdfsOwnersPermissionsAndAclsAreRights() {
    Parts after = BASE.with(hdfs("etl", "0700", "group:auditors:r-x", "group::r-x", "default:group:auditors:r-x"));
    UserDataDiff d = UserDataDiff.between(BASE.record(C1), after.record(C2));
    assertThat(changes(d)).containsExactlyInAnyOrder(
        "user:billing lost HDFS /data/billing: owner rwx",
        "user:etl gained HDFS /data/billing: owner rwx",
        "user:alice lost HDFS /data/billing: acl r-x",
        "group:auditors gained HDFS /data/billing: acl r-x",
        "group:auditors gained HDFS /data/billing: default r-x",
        "other:mask lost HDFS /data/billing: mask r-x",
        "other:mask gained HDFS /data/billing: mask ---");
  }

  @Test
  void rangerPolicyItemsAreRightsAndTheirResourcesAreResourceChanges() {
    Parts after = BASE.with(ranger(false, "/data/billing/events", "analysts", "auditors"));
    UserDataDiff d = UserDataDiff.between(BASE.record(C1), after.record(C2));
    assertThat(changes(d)).contains(
        "group:analysts lost RANGER hdfs policy billing-data: allow read",
        "group:analysts gained RANGER hdfs policy billing-data: allow read (policy disabled)",
        "group:auditors gained RANGER hdfs policy billing-data: allow read (policy disabled)");
    assertThat(d.resources()).singleElement().satisfies(r -> {
      assertThat(r.source()).isEqualTo(AccessSource.RANGER);
      assertThat(r.before()).isEqualTo("path=[/data/billing] recursive; enabled");
      assertThat(r.after()).isEqualTo("path=[/data/billing/events] recursive; disabled");
    });
  }

  @Test
  void queueAclsAreRightsAndCapacitiesAreResourceChanges() {
    Parts after = BASE.with(tenants("50", "etl,carol billing-ops"));
    UserDataDiff d = UserDataDiff.between(BASE.record(C1), after.record(C2));
    assertThat(changes(d)).containsExactly("user:carol gained YARN queue root.billing: submit applications");
    assertThat(d.resources()).containsExactly(new UserDataDiff.ResourceChange(AccessSource.YARN,
        "root.billing.capacity", "40", "50"));
  }

  @Test
  void hiveGrantsAndRoleMembersAreRights() {
    Parts after = BASE.with(new HiveGrants(List.of(new HiveGrants.Privilege(Principal.role("analyst"), "billing",
        "invoices", "SELECT", true)), List.of(new HiveGrants.Role("analyst", List.of(Principal.user("dave"))))));
    assertThat(changes(UserDataDiff.between(BASE.record(C1), after.record(C2)))).containsExactlyInAnyOrder(
        "user:dave gained HIVE role analyst: member",
        "group:analysts lost HIVE role analyst: member",
        "role:analyst gained HIVE billing.invoices: SELECT with grant option",
        "role:analyst lost HIVE billing: SELECT");
  }

  @Test
  void aSourceThatStopsBeingCapturedIsAResourceChangeAndItsRightsAreLost() {
    Parts after = BASE.with((RangerAccess) null);
    UserDataDiff d = UserDataDiff.between(BASE.record(C1), after.record(C2));
    assertThat(d.resources()).contains(new UserDataDiff.ResourceChange(AccessSource.RANGER, "source", "captured",
        "not configured"));
    assertThat(changes(d)).containsExactly("group:analysts lost RANGER hdfs policy billing-data: allow read");
  }

  private static List<String> changes(UserDataDiff d) {
    return d.principals().stream().flatMap(c -> java.util.stream.Stream.concat(
        c.gained().stream().map(g -> c.principal() + " gained " + g),
        c.lost().stream().map(g -> c.principal() + " lost " + g))).toList();
  }
}
