package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.MetadataMode;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.runtime.HadoopSiteConnections;
import dev.tandem.testing.HiveSandboxTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/**
 * Runs after the first plan from the last good cut's metastore image and the events since, reading from the
 * primary only what those events touched; every so often, and whenever the image cannot stand in, they read
 * every protected object again.
 */
class HivePlanFromImageTest extends HiveSandboxTest {

  private static ImageStore images() {
    return new ImageStore(secondaryFs(), HadoopSiteConnections.METASTORE_IMAGES);
  }

  /**
   * <pre>
   * /img/warehouse/shop.db   orders (partitioned, dt=1), items (unpartitioned, with column statistics)
   * </pre>
   * then: orders gets dt=2, table refunds is created, and items' statistics change, which logs no event (the
   * sandbox's notification log, like Hive 3.1, records none for update_table_column_statistics).
   */
  @Test
  void laterRunsPlanFromTheLastImageAndReadEverythingWhenDue() throws Exception {
    String db = "/img/warehouse/shop.db";
    createDatabase("shop", db);
    east.rpc().create_table(table("shop", "orders", db + "/orders", true, List.of("dt"), "id:bigint", "amount:double"));
    addPartition("shop", "orders", "1", "1,10.0\n");
    east.rpc().create_table(table("shop", "items", db + "/items", false, List.of(), "id:bigint", "amount:double"));
    insert("shop", "items", List.of(), "000000_0", "1,0.5\n2,5.0\n");
    setTableStatistics("shop", "items", 1, 2, 5.0);
    cp().putGroup(hiveGroup("shop", new HiveDatabase("shop")));
    Run first = runOk("shop");
    assertThat(first.report().notes()).noneMatch(n -> n.contains("planned from"));

    addPartition("shop", "orders", "2", "2,20.0\n");
    east.rpc().create_table(table("shop", "refunds", db + "/refunds", false, List.of(), "id:bigint"));
    setTableStatistics("shop", "items", 1, 2, 99.0);
    Run second = runOk("shop");
    assertThat(second.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("planned from the metastore image of last good cut " + first.cut())
        .contains("2 event(s) since").contains("2 table(s) read from the primary"));
    assertThat(second.report().metadata().mode()).isEqualTo(MetadataMode.INCREMENTAL);
    assertThat(second.report().metadata().eventsReplayed()).isEqualTo(2);
    assertThat(west.rpc().get_partition_names("shop", "orders", (short) -1)).containsExactly("dt=1", "dt=2");
    assertThat(west.rpc().get_all_tables("shop")).containsExactlyInAnyOrder("orders", "items", "refunds");
    assertFilesReplicated(db, second);
    // No event touched items, but the scrub's slice (the one table the events left alone) re-read it and found
    // the statistics the metastore changed without an event.
    assertThat(second.report().scrub().tablesCompared()).isEqualTo(1);
    assertThat(second.report().scrub().tablesDiffered()).isEqualTo(1);
    assertThat(second.report().scrub().differences())
        .anySatisfy(d -> assertThat(d).startsWith("hive shop.items: column statistics of table shop.items differ"));
    assertThat(statistics(west, "shop", "items")).isEqualTo(statistics(east, "shop", "items"));

    // A day later (the image says so), the run reads everything again and catches up.
    HiveImage image = images().read(second.group(), second.cut()).orElseThrow();
    image.fullReadAt(image.fullReadAt() - Duration.ofHours(25).toMillis());
    images().write(second.group(), second.cut(), image);
    Run third = runOk("shop");
    assertThat(third.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("Hive objects read whole from the primary: the last full read was at"));
    assertThat(third.report().notes()).noneMatch(n -> n.contains("planned from"));
    assertThat(statistics(west, "shop", "items")).isEqualTo(statistics(east, "shop", "items"));
    assertSameTables("shop");

    Run fourth = runOk("shop");
    assertThat(fourth.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("planned from the metastore image of last good cut " + third.cut()).contains("0 event(s) since"));
    assertThat(fourth.report().metadata().tablesWritten()).isZero();
    assertThat(fourth.report().metadata().digest()).isEqualTo(third.report().metadata().digest());
  }

  /**
   * A table the events moved onto the secondary's file system is refused, as a full read refuses it: in the
   * image, such a location would look like a rewritten one.
   */
  @Test
  void aTableMovedOffThePrimarysFileSystemIsRefused() throws Exception {
    createDatabase("moved", "/img3/warehouse/moved.db");
    east.rpc().create_table(table("moved", "t", "/img3/warehouse/moved.db/t", true, List.of(), "x:int"));
    cp().putGroup(hiveGroup("moved", new HiveDatabase("moved")));
    runOk("moved");

    Table t = getTable(east, "moved", "t");
    t.getSd().setLocation(westUri("/img3/warehouse/moved.db/t"));
    east.rpc().alter_table("moved", "t", t);
    Run bad = cp().runNow(GroupName.of("moved"));
    assertThat(bad.state()).isEqualTo(RunState.FAILED);
    assertThat(bad.error()).contains("The table moved.t lies at " + westUri("/img3/warehouse/moved.db/t"))
        .contains("not on the primary's file system");
  }

  /** A data set added to the group since the last cut is not in its image: that run reads everything. */
  @Test
  void aDataSetNewToTheGroupIsReadWhole() throws Exception {
    createDatabase("ledger", "/img2/warehouse/ledger.db");
    east.rpc().create_table(table("ledger", "entries", "/img2/warehouse/ledger.db/entries", true, List.of("dt"),
        "id:bigint"));
    addPartition("ledger", "entries", "1", "1\n");
    createDatabase("notes", "/img2/warehouse/notes.db");
    east.rpc().create_table(table("notes", "memo", "/img2/warehouse/notes.db/memo", false, List.of(), "x:int"));
    cp().putGroup(hiveGroup("ledger", new HiveDatabase("ledger")));
    runOk("ledger");

    cp().putGroup(hiveGroup("ledger", new HiveDatabase("ledger"), new HiveTable("notes", "memo")));
    Run widened = runOk("ledger");
    assertThat(widened.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("Hive objects read whole from the primary").contains("notes.memo")
        .contains("is not in the metastore image of last good cut"));
    assertThat(west.rpc().get_all_tables("notes")).containsExactly("memo");
    assertSameTables("ledger");

    Run next = runOk("ledger");
    assertThat(next.report().notes()).anySatisfy(n -> assertThat(n).contains("planned from the metastore image"));
  }

  /**
   * The scrub's rotating slice of tables: a change the metastore logged no event for (column statistics), on a
   * table no event touches, is found by one of the runs of the verification interval (24 h at a 4 h periodicity:
   * 6 runs), reported, and written to the secondary in the same run; a forced whole verification reads every table.
   * <pre>
   * /scrub/warehouse/scr.db   t0 .. t5 (unpartitioned, with column statistics)
   * </pre>
   */
  @Test
  void theScrubFindsAChangeWithoutAnEventWithinTheIntervalsRuns() throws Exception {
    String db = "/scrub/warehouse/scr.db";
    createDatabase("scr", db);
    for (int i = 0; i < 6; i++) {
      east.rpc().create_table(table("scr", "t" + i, db + "/t" + i, false, List.of(), "id:bigint", "amount:double"));
      setTableStatistics("scr", "t" + i, 1, 2, 5.0);
    }
    cp().putGroup(hiveGroup("scr", new HiveDatabase("scr")));
    runOk("scr");
    setTableStatistics("scr", "t4", 1, 9, 77.0);

    Run found = null;
    long compared = 0;
    for (int i = 0; i < 6 && found == null; i++) {
      Run run = runOk("scr");
      assertThat(run.report().notes()).anySatisfy(n -> assertThat(n).contains("planned from the metastore image"));
      compared += run.report().scrub().tablesCompared();
      if (run.report().scrub().tablesDiffered() > 0) {
        found = run;
      }
    }
    assertThat(found).as("a run of the interval found the statistics of scr.t4 (%d table(s) compared)", compared)
        .isNotNull();
    assertThat(found.report().scrub().tablesDiffered()).isEqualTo(1);
    assertThat(found.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("scrub: 1 Hive table(s) differed from the primary and were written to the secondary again: "
            + "hive scr.t4: column statistics of table scr.t4 differ"));
    assertThat(plainStatistics(sandbox.secondary().metastoreUri(), "scr"))
        .isEqualTo(plainStatistics(sandbox.primary().metastoreUri(), "scr"));
    assertThat(primaryRegistry().scrubProgress(found.group()).tables()).isNotNull();
    assertSameTables("scr");

    Run next = runOk("scr");
    assertThat(next.report().scrub().tablesDiffered()).isZero();

    Run all = cp().runNow(found.group(), true);
    assertThat(all.state()).as("%s", all.error()).isEqualTo(RunState.SUCCEEDED);
    assertThat(all.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("Hive objects read whole from the primary: a whole verification was asked for"));
    assertThat(all.report().scrub().tablesCompared()).isEqualTo(6);
  }

  /** Each table's column statistics as a plain metastore client reads them. */
  private static Map<String, String> plainStatistics(String uri, String db) throws Exception {
    Configuration conf = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, uri);
    IMetaStoreClient client = new HiveMetaStoreClient(conf);
    try {
      Map<String, String> out = new TreeMap<>();
      for (String t : client.getAllTables(db)) {
        out.put(t, client.getTableColumnStatistics(db, t, List.of("id", "amount"), "hive").stream()
            .map(o -> o.getColName() + " " + o.getStatsData()).sorted().toList().toString());
      }
      return out;
    } finally {
      client.close();
    }
  }
}
