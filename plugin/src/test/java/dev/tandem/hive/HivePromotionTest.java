package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Promoter;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.Cut;
import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.switchover.ApplyUserData;
import dev.tandem.switchover.SitePromoter;
import dev.tandem.testing.FailingInterceptor.When;
import dev.tandem.testing.HiveSandboxTest;
import dev.tandem.testing.Trees;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.GrantRevokeType;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.junit.jupiter.api.Test;

/**
 * Promotion of a secondary whose metastore holds half of a replay that never committed, on two real metastores:
 * the promoted site's tables and files are put back to the group's last good cut, from its own image store and
 * snapshots only (the primary is not asked), the Hive grants kept with that cut are applied to its metastore,
 * and doing it again changes nothing.
 */
class HivePromotionTest extends HiveSandboxTest {
  @Test
  void promotionPutsTablesAndFilesBackToTheLastGoodCut() throws Exception {
    String db = "/promo/warehouse/shop.db";
    createDatabase("shop", db);
    east.rpc().create_table(table("shop", "orders", db + "/orders", true, List.of("dt"), "id:bigint", "amount:double"));
    addPartition("shop", "orders", "1", "1,10.0\n");
    role(east, "shoppers", "GROUP sales", "USER carol");
    grant(east, GrantRevokeType.GRANT, PrincipalType.ROLE, "shoppers", "shop", "orders", "SELECT", false);
    grant(east, GrantRevokeType.GRANT, PrincipalType.USER, "etl", "shop", "", "ALL", true);
    cp().putGroup(hiveGroup("shop", new HiveDatabase("shop")));
    Run good = runOk("shop");
    List<String> orderGrants = grants(east, "shop", "orders");
    List<String> shopGrants = grants(east, "shop", "");
    Map<String, String> tablesAtCut = describe(west, sandbox.secondary().fileSystemUri(), "shop");

    addPartition("shop", "orders", "2", "2,20.0\n");
    east.rpc().drop_partition("shop", "orders", List.of("1"), true);
    FAILURES.failNext(RunStep.REPLICATE_METADATA, When.AFTER, 1);
    Run torn = cp().runNow(GroupName.of("shop"));
    FAILURES.disarm();
    assertThat(torn.state()).isEqualTo(RunState.FAILED);
    assertThat(describe(west, sandbox.secondary().fileSystemUri(), "shop")).isNotEqualTo(tablesAtCut);

    ClusterPair pair = new ClusterPair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));
    SiteId west = SiteId.of(Sandbox.SECONDARY);
    Epoch failover = Epoch.initial(pair).next(west, Epoch.Phase.PROMOTING, Epoch.Protection.UNPROTECTED,
        Epoch.Transition.FAILOVER, Instant.now(), "test", "east lost", Instant.now(), Duration.ZERO);
    SitePromoter promoter = new SitePromoter(sandbox.secondary().site(), sandbox.connections(),
        List.of(new HiveRollback(sandbox.secondary().conf()), new ApplyUserData()), Clock.systemUTC());
    Promoter.Outcome outcome = promoter.promote(new Promoter.Request(PairKey.of(pair), failover, west));

    assertThat(describe(HiveSandboxTest.west, sandbox.secondary().fileSystemUri(), "shop")).isEqualTo(tablesAtCut);
    assertThat(outcome.notes()).anySatisfy(n -> assertThat(n).startsWith("Put ").contains("back to cut " + good.cut()));
    assertThat(grants(HiveSandboxTest.west, "shop", "orders")).isEqualTo(orderGrants).isNotEmpty();
    assertThat(grants(HiveSandboxTest.west, "shop", "")).isEqualTo(shopGrants).isNotEmpty();
    assertThat(members(HiveSandboxTest.west, "shoppers")).containsExactly("GROUP sales", "USER carol");
    assertThat(outcome.notes()).anySatisfy(n -> assertThat(n).startsWith("User data of group shop")
        .doesNotContain("NOT applied"));
    assertThat(outcome.groups()).singleElement().satisfies(g -> assertThat(g.cut()).isEqualTo(good.cut().value()));
    Cut cut = secondaryRegistry().cut(GroupName.of("shop"), good.cut()).orElseThrow();
    for (SnapshotRoot root : cut.roots()) {
      assertThat(Trees.describe(secondaryFs(), root.path()))
          .isEqualTo(Trees.describe(secondaryFs(), root.path() + "/.snapshot/" + cut.snapshotName()));
    }

    Promoter.Outcome again = promoter.promote(new Promoter.Request(PairKey.of(pair), failover, west));
    assertThat(again.notes()).noneMatch(n -> n.startsWith("Put ") || n.startsWith("Rolled back"));
    assertThat(again.notes()).anySatisfy(n -> assertThat(n).startsWith("User data of group shop")
        .contains(": 0 change(s) applied"));
    assertThat(describe(HiveSandboxTest.west, sandbox.secondary().fileSystemUri(), "shop")).isEqualTo(tablesAtCut);
  }
}
