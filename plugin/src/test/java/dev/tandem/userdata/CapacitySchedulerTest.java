package dev.tandem.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.http.RemoteServiceException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Tenants out of one capacity scheduler and into another, in both forms Ambari stores it. */
class CapacitySchedulerTest {
  private static final String P = "yarn.scheduler.capacity.";

  static Map<String, String> primary() {
    Map<String, String> m = new TreeMap<>();
    m.put(P + "maximum-applications", "10000");
    m.put(P + "root.queues", "default,billing");
    m.put(P + "root.default.capacity", "60");
    m.put(P + "root.default.maximum-capacity", "100");
    m.put(P + "root.billing.capacity", "40");
    m.put(P + "root.billing.maximum-capacity", "60");
    m.put(P + "root.billing.queues", "etl,adhoc");
    m.put(P + "root.billing.acl_submit_applications", "etl billing-ops");
    m.put(P + "root.billing.etl.capacity", "70");
    m.put(P + "root.billing.etl.state", "RUNNING");
    m.put(P + "root.billing.adhoc.capacity", "30");
    return m;
  }

  @Test
  void aTenantIsItsQueueSubtreeWithItsSiblingsCapacities() {
    CapacityScheduler cs = CapacityScheduler.parse(primary(), "test");
    assertThat(cs.queues()).containsExactly("root", "root.default", "root.billing", "root.billing.etl",
        "root.billing.adhoc");
    var tenants = cs.tenants("billing");
    assertThat(tenants).singleElement().satisfies(t -> {
      assertThat(t.queue()).isEqualTo("root.billing");
      assertThat(t.siblings()).isEqualTo(Map.of("default", Map.of("capacity", "60", "maximum-capacity", "100")));
      assertThat(t.queues()).extracting(Tenants.Queue::path)
          .containsExactly("root.billing", "root.billing.etl", "root.billing.adhoc");
      // the parent's own settings, not its children's
      assertThat(t.queues().get(0).settings()).containsOnlyKeys("capacity", "maximum-capacity", "queues",
          "acl_submit_applications");
    });
    assertThat(cs.tenants("nobody")).isEmpty();
  }

  @Test
  void puttingATenantIntoAStandbyAddsItAndRebalancesItsSiblings() {
    Map<String, String> standby = new TreeMap<>(Map.of(P + "root.queues", "default", P + "root.default.capacity",
        "100", P + "root.default.maximum-capacity", "100"));
    CapacityScheduler target = CapacityScheduler.parse(standby, "standby");
    var tenant = CapacityScheduler.parse(primary(), "test").tenants("billing").get(0);
    assertThat(target.put(tenant)).isEmpty();
    assertThat(target.flat()).containsEntry(P + "root.queues", "default,billing")
        .containsEntry(P + "root.default.capacity", "60")
        .containsEntry(P + "root.billing.etl.capacity", "70");
    assertThat(target.checkCapacities("root")).isEmpty();
    assertThat(target.checkCapacities("root.billing")).isEmpty();
  }

  @Test
  void aSiblingTheStandbyLacksLeavesCapacitiesThatDoNotAddUp() {
    Map<String, String> standby = new TreeMap<>(Map.of(P + "root.queues", "ops", P + "root.ops.capacity", "100"));
    CapacityScheduler target = CapacityScheduler.parse(standby, "standby");
    var tenant = CapacityScheduler.parse(primary(), "test").tenants("billing").get(0);
    assertThat(target.put(tenant)).containsExactly("root.default");
    assertThat(target.checkCapacities("root")).contains("add up to 140.0%");
  }

  @Test
  void theCombinedFormReadsAndWritesBackAsOneProperty() {
    StringBuilder text = new StringBuilder("# written by the YARN queue manager\n");
    primary().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Map<String, String> ambari = Map.of("capacity-scheduler", text.toString(), "other", "kept");
    CapacityScheduler cs = CapacityScheduler.parse(ambari, "combined");
    assertThat(cs.flat()).isEqualTo(primary());
    Map<String, String> back = cs.toAmbari();
    assertThat(back).containsOnlyKeys("capacity-scheduler", "other");
    assertThat(CapacityScheduler.parse(back, "again").flat()).isEqualTo(primary());
  }

  @Test
  void aConfigurationWithoutRootQueuesIsPartial() {
    assertThatThrownBy(() -> CapacityScheduler.parse(Map.of(P + "maximum-applications", "1"), "Ambari x"))
        .isInstanceOf(RemoteServiceException.class).hasMessageContaining("no " + P + "root.queues");
  }
}
