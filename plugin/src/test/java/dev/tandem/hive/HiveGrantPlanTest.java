package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.UserDataChange;
import dev.tandem.userdata.HiveGrants;
import dev.tandem.userdata.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order and content of a Hive grant apply, worked out from the cut and what a site holds. */
class HiveGrantPlanTest {
  private static HiveGrants.Privilege etl(boolean grantOption) {
    return new HiveGrants.Privilege(Principal.user("etl"), "sales", "orders", "ALL", grantOption);
  }

  @Test
  void rolesComeFirstAndAChangedGrantOptionIsRevokedThenGrantedAnew() {
    HiveGrants.Privilege reader = new HiveGrants.Privilege(Principal.role("reader"), "sales", "", "SELECT", false);
    HiveGrants want = new HiveGrants(List.of(etl(true), reader),
        List.of(new HiveGrants.Role("reader", List.of(Principal.user("alice")))));

    HiveGrantPlan plan = HiveGrantPlan.of(want, List.of(etl(false)), Map.of());

    assertThat(plan.changes()).extracting(UserDataChange::toString).containsExactly(
        "HIVE CREATE role reader",
        "HIVE REVOKE user:etl: ALL on sales.orders",
        "HIVE GRANT user:etl: ALL with grant option on sales.orders",
        "HIVE GRANT role:reader: SELECT on sales",
        "HIVE GRANT role reader: member user:alice");
  }

  @Test
  void aPrivilegeHeldTwiceIsRevokedTwiceAndMembersOnlyTheSiteHasLeave() {
    HiveGrants want = new HiveGrants(List.of(), List.of(new HiveGrants.Role("reader", List.of(Principal.user("a")))));

    HiveGrantPlan plan = HiveGrantPlan.of(want, List.of(etl(false), etl(false)),
        Map.of("reader", List.of(Principal.user("a"), Principal.group("old"))));

    assertThat(plan.changes()).extracting(UserDataChange::toString).containsExactly(
        "HIVE REVOKE user:etl: ALL on sales.orders",
        "HIVE REVOKE user:etl: ALL on sales.orders",
        "HIVE REVOKE role reader: member group:old");
    assertThat(HiveGrantPlan.of(want, List.of(), Map.of("reader", List.of(Principal.user("a")))).steps()).isEmpty();
  }
}
