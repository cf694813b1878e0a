package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.HiveFencing;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Hive cut without a registered fenced metastore: refused, unless the group allows it and the report says so. */
class HiveFencingTest {
  private static final Site EAST = new Site(SiteId.of("east"), "", "hdfs://nn:8020", "zk:2181", "thrift://hms:9083",
      null);
  private static final GroupName BILLING = GroupName.of("billing");

  @Test
  void aRegisteredMetastoreIsFenced() {
    for (HiveFencing f : HiveFencing.values()) {
      assertThat(HmsMetastoreReplicator.unfencedReason(List.of("hms-1"), f, EAST, BILLING)).isEmpty();
    }
  }

  @Test
  void withoutOneTheCutFailsNamingTheSiteTheListenerAndTheWayOut() {
    assertThatThrownBy(() -> HmsMetastoreReplicator.unfencedReason(List.of(), HiveFencing.REQUIRED, EAST, BILLING))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("group billing cannot be fenced")
        .hasMessageContaining("site east")
        .hasMessageContaining("dev.tandem.hive.TandemFenceListener")
        .hasMessageContaining("ALLOW_UNFENCED");
  }

  @Test
  void aGroupThatAllowsItGetsTheReasonForItsReport() {
    assertThat(HmsMetastoreReplicator.unfencedReason(List.of(), HiveFencing.ALLOW_UNFENCED, EAST, BILLING))
        .hasValueSatisfying(note -> assertThat(note).startsWith("Hive metadata cut without the metastore fence")
            .contains("site east"));
  }
}
