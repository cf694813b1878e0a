package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.MetadataMode;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.testing.HiveSandboxTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Column statistics of tables and partitions travel with the cut: bootstrapped, kept up to date on later
 * runs (Hive 3.1 logs no event for them), and compared by VERIFY. Both metastores are read directly.
 */
class HiveStatisticsTest extends HiveSandboxTest {

  @AfterEach
  void disarm() {
    FAILURES.disarm();
  }

  /**
   * <pre>
   * /stats/metrics.db
   *   totals/000000_0          unpartitioned: statistics of id and amount
   *   daily/dt=1, dt=2         partitioned: statistics per partition
   * </pre>
   * then: a row inserted into totals and its statistics recomputed, dt=1's changed, dt=2's of amount deleted,
   * dt=3 added with statistics. (Statistics changed with no event at all arrive with the next full read:
   * HivePlanFromImageTest.)
   */
  @Test
  void statisticsAreBootstrappedAndKeptUpToDate() throws Exception {
    String db = "/stats/metrics.db";
    createDatabase("metrics", db);
    unpartitionedWithStatistics("metrics", "totals", db + "/totals", 20.0);
    east.rpc().create_table(table("metrics", "daily", db + "/daily", true, List.of("dt"), "id:bigint",
        "amount:double"));
    addPartition("metrics", "daily", "1", "1,1.0\n");
    addPartition("metrics", "daily", "2", "2,2.0\n");
    setPartitionStatistics("metrics", "daily", "dt=1", 1, 1, 1.0);
    setPartitionStatistics("metrics", "daily", "dt=2", 2, 2, 2.0);
    cp().putGroup(hiveGroup("metrics", new HiveDatabase("metrics")));

    Run first = runOk("metrics");
    assertThat(first.report().metadata().mode()).isEqualTo(MetadataMode.BOOTSTRAP);
    assertSameStatistics("metrics", "totals", List.of());
    assertSameStatistics("metrics", "daily", List.of("dt=1", "dt=2"));
    assertThat(statistics(west, "metrics", "totals").get("amount")).contains("highValue:20.0");

    insert("metrics", "totals", List.of(), "000001_0", "3,35.5\n");
    setTableStatistics("metrics", "totals", 1, 3, 35.5);
    setPartitionStatistics("metrics", "daily", "dt=1", 1, 7, 7.0);
    east.rpc().delete_partition_column_statistics("metrics", "daily", "dt=2", "amount", "hive");
    addPartition("metrics", "daily", "3", "3,3.0\n");
    setPartitionStatistics("metrics", "daily", "dt=3", 3, 3, 3.0);

    Run second = runOk("metrics");
    assertThat(second.report().metadata().mode()).isEqualTo(MetadataMode.INCREMENTAL);
    // Statistics (and the accuracy flags the metastore keeps with them) change without events: expected.
    assertThat(second.report().notes()).noneMatch(n -> n.contains("Re-bootstrapped"));
    assertSameStatistics("metrics", "totals", List.of());
    assertSameStatistics("metrics", "daily", List.of("dt=1", "dt=2", "dt=3"));
    assertThat(statistics(west, "metrics", "totals").get("amount")).contains("highValue:35.5");
    assertThat(partitionStatistics(west, "metrics", "daily", "dt=2")).containsOnlyKeys("dt=2/id");

    Run idle = runOk("metrics");
    assertThat(idle.report().metadata().tablesWritten()).isZero();
    assertThat(idle.report().metadata().partitionsWritten()).isZero();
    assertThat(idle.report().metadata().digest()).isEqualTo(second.report().metadata().digest());
  }

  /** A statistic changed on the secondary between REPLICATE_METADATA and VERIFY fails the run, naming it. */
  @Test
  void verifyFailsOnATamperedStatistic() throws Exception {
    String db = "/tamper/audit.db";
    createDatabase("audit", db);
    unpartitionedWithStatistics("audit", "logins", db + "/logins", 1.0);
    cp().putGroup(hiveGroup("audit", new HiveDatabase("audit")));
    runOk("audit");

    FAILURES.actOnceAfter(RunStep.REPLICATE_METADATA, () -> {
      try {
        west.rpc().update_table_column_statistics(statisticsOf(new ColumnStatisticsDesc(true, "audit", "logins"),
            1, 1, 999.0));
      } catch (TException e) {
        throw new IllegalStateException(e);
      }
    });
    Run bad = cp().runNow(GroupName.of("audit"));
    assertThat(bad.state()).isEqualTo(RunState.FAILED);
    assertThat(bad.report().metadata().mismatches()).anySatisfy(m -> assertThat(m)
        .contains("column statistics of table audit.logins differ").contains("999.0"));

    // The next run puts the secondary's statistics back.
    runOk("audit");
    assertSameStatistics("audit", "logins", List.of());
  }

  /** A managed table with two rows of (id, amount) and their statistics, amount at most {@code maxAmount}. */
  private static void unpartitionedWithStatistics(String db, String table, String path, double maxAmount)
      throws Exception {
    east.rpc().create_table(table(db, table, path, false, List.of(), "id:bigint", "amount:double"));
    insert(db, table, List.of(), "000000_0", "1,0.5\n2," + maxAmount + "\n");
    setTableStatistics(db, table, 1, 2, maxAmount);
  }

  private static void setPartitionStatistics(String db, String table, String partition, long low, long high,
      double maxAmount) throws TException {
    ColumnStatisticsDesc desc = new ColumnStatisticsDesc(false, db, table);
    desc.setPartName(partition);
    east.rpc().update_partition_column_statistics(statisticsOf(desc, low, high, maxAmount));
  }

  /** Keyed {@code partition/column}. */
  private static Map<String, String> partitionStatistics(dev.tandem.hive.HmsClient client, String db, String table,
      String... partitions) throws TException {
    PartitionsStatsRequest rq = new PartitionsStatsRequest(db, table, List.of("id", "amount"), List.of(partitions));
    rq.setEngine("hive");
    Map<String, String> out = new TreeMap<>();
    client.rpc().get_partitions_statistics_req(rq).getPartStats().forEach((p, objs) -> objs.forEach(o ->
        out.put(p + "/" + o.getColName(), o.getColType() + " " + o.getStatsData())));
    return out;
  }

  private static void assertSameStatistics(String db, String table, List<String> partitions) throws TException {
    if (partitions.isEmpty()) {
      Map<String, String> primary = statistics(east, db, table);
      assertThat(primary).isNotEmpty();
      assertThat(statistics(west, db, table)).isEqualTo(primary);
    } else {
      String[] names = partitions.toArray(String[]::new);
      Map<String, String> primary = partitionStatistics(east, db, table, names);
      assertThat(primary).isNotEmpty();
      assertThat(partitionStatistics(west, db, table, names)).isEqualTo(primary);
    }
    assertSameTables(db);
  }
}
