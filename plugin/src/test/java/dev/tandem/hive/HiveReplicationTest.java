package dev.tandem.hive;

import static dev.tandem.testing.Trees.read;
import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.MetadataMode;
import dev.tandem.model.Run;
import dev.tandem.testing.HiveSandboxTest;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/** Hive tables replicated with their files: bootstrap, then incremental by events, on real metastores. */
class HiveReplicationTest extends HiveSandboxTest {

  /**
   * <pre>
   * /rep/warehouse/sales.db             database sales (the group's data set)
   *   orders/dt=1, dt=2                 external, partitioned
   *   customers/000000_0                managed
   *   v_orders                          view over sales.orders
   * /rep/warehouse/other.db/secret      database other: not in the group
   * </pre>
   * then: add dt=3, drop dt=1, a column added to orders, rows inserted into customers, table returns created,
   * table tmp created and dropped, orders' properties changed.
   */
  @Test
  void bootstrapThenIncrementalByEvents() throws Exception {
    String db = "/rep/warehouse/sales.db";
    createDatabase("sales", db);
    east.rpc().create_table(table("sales", "orders", db + "/orders", true, List.of("dt"), "id:bigint", "amount:double"));
    addPartition("sales", "orders", "1", "1,10.0\n");
    addPartition("sales", "orders", "2", "2,20.0\n");
    east.rpc().create_table(table("sales", "customers", db + "/customers", false, List.of(), "id:bigint", "name:string"));
    insert("sales", "customers", List.of(), "000000_0", "1,alice\n");
    Table view = table("sales", "v_orders", db + "/unused", false, List.of(), "id:bigint");
    view.setTableType("VIRTUAL_VIEW");
    view.setSd(sd(null, "id:bigint"));
    view.setViewOriginalText("select id from orders");
    view.setViewExpandedText("select `orders`.`id` from `sales`.`orders`");
    east.rpc().create_table(view);
    createDatabase("other", "/rep/warehouse/other.db");
    east.rpc().create_table(table("other", "secret", "/rep/warehouse/other.db/secret", false, List.of(), "x:int"));
    cp().putGroup(hiveGroup("sales", new HiveDatabase("sales")));

    Run first = runOk("sales");
    assertThat(first.report().metadata().mode()).isEqualTo(MetadataMode.BOOTSTRAP);
    assertThat(first.report().metadata().tablesCompared()).isEqualTo(3);
    assertThat(first.report().metadata().partitionsCompared()).isEqualTo(2);
    assertThat(first.report().metadata().digest()).hasSize(64);
    assertSameTables("sales");
    assertFilesReplicated(db, first);
    assertThat(getTable(west, "sales", "orders").getSd().getLocation()).isEqualTo(westUri(db + "/orders"));
    assertThat(west.rpc().get_all_databases()).doesNotContain("other");
    assertThat(secondaryFs().exists(new Path("/rep/warehouse/other.db"))).isFalse();

    addPartition("sales", "orders", "3", "3,30.0\n");
    east.rpc().drop_partition("sales", "orders", List.of("1"), true);
    Table orders = getTable(east, "sales", "orders");
    orders.getSd().addToCols(new FieldSchema("currency", "string", "added later"));
    orders.getParameters().put("owner.team", "billing");
    east.rpc().alter_table("sales", "orders", orders);
    insert("sales", "customers", List.of(), "000001_0", "2,bob\n");
    east.rpc().create_table(table("sales", "returns", db + "/returns", true, List.of("dt"), "id:bigint"));
    addPartition("sales", "returns", "1", "7\n");
    east.rpc().create_table(table("sales", "tmp", db + "/tmp", false, List.of(), "x:int"));
    east.rpc().drop_table("sales", "tmp", true);

    Run second = runOk("sales");
    assertThat(second.report().metadata().mode()).isEqualTo(MetadataMode.INCREMENTAL);
    // add dt=3, drop dt=1, alter orders, insert, create returns, its partition, create tmp, drop tmp
    assertThat(second.report().metadata().eventsReplayed()).isEqualTo(8);
    assertThat(second.report().notes()).noneMatch(n -> n.contains("Re-bootstrapped"));
    assertSameTables("sales");
    assertFilesReplicated(db, second);
    assertThat(west.rpc().get_partition_names("sales", "orders", (short) -1)).containsExactly("dt=2", "dt=3");
    assertThat(read(secondaryFs(), db + "/customers/000001_0")).isEqualTo("2,bob\n");
    assertThat(getTable(west, "sales", "orders").getSd().getCols()).extracting(FieldSchema::getName)
        .containsExactly("id", "amount", "currency");
    assertThat(west.rpc().get_all_tables("sales")).containsExactlyInAnyOrder("orders", "customers", "v_orders",
        "returns");

    Run idle = runOk("sales");
    assertThat(idle.report().metadata().mode()).isEqualTo(MetadataMode.INCREMENTAL);
    assertThat(idle.report().metadata().tablesWritten()).isZero();
    assertThat(idle.report().metadata().partitionsWritten()).isZero();
    assertThat(idle.report().metadata().digest()).isEqualTo(
        second.report().metadata().digest());
  }

  /**
   * The events since the last cut have expired on the primary (simulated by winding the last cut's image back
   * before the oldest event): the tables are bootstrapped in the same cut, the files stay incremental, and the
   * run's notes say so.
   */
  @Test
  void expiredEventsBootstrapTheTablesInTheSameCut() throws Exception {
    String db = "/exp/warehouse/ledger.db";
    createDatabase("ledger", db);
    east.rpc().create_table(table("ledger", "entries", db + "/entries", true, List.of("dt"), "id:bigint"));
    addPartition("ledger", "entries", "1", "1\n");
    cp().putGroup(hiveGroup("ledger", new HiveDatabase("ledger")));
    Run first = runOk("ledger");

    ImageStore images = new ImageStore(secondaryFs(), dev.tandem.runtime.HadoopSiteConnections.METASTORE_IMAGES);
    HiveImage image = images.read(first.group(), first.cut()).orElseThrow();
    image.eventId(-10);
    images.write(first.group(), first.cut(), image);
    addPartition("ledger", "entries", "2", "2\n");

    Run second = runOk("ledger");
    assertThat(second.report().mode()).isEqualTo(dev.tandem.model.CopyMode.INCREMENTAL);
    assertThat(second.report().metadata().mode()).isEqualTo(MetadataMode.BOOTSTRAP);
    assertThat(second.report().notes()).anySatisfy(n -> assertThat(n)
        .contains("Hive metadata bootstrapped in this cut").contains(HmsEventReplayer.EVENTS_MISSING));
    assertSameTables("ledger");
    assertThat(west.rpc().get_partition_names("ledger", "entries", (short) -1)).containsExactly("dt=1", "dt=2");
  }

  /** One table of a database: the other tables of the database, and their files, stay on the primary. */
  @Test
  void aSingleTableLeavesItsNeighboursAlone() throws Exception {
    String db = "/one/warehouse/crm.db";
    createDatabase("crm", db);
    east.rpc().create_table(table("crm", "contacts", db + "/contacts", true, List.of("dt"), "id:bigint"));
    addPartition("crm", "contacts", "a", "1\n");
    east.rpc().create_table(table("crm", "leads", db + "/leads", true, List.of(), "id:bigint"));
    write(primaryFs(), db + "/leads/000000_0", "9\n");
    cp().putGroup(hiveGroup("crm", new HiveTable("crm", "contacts")));

    runOk("crm");
    assertThat(west.rpc().get_all_tables("crm")).containsExactly("contacts");
    assertThat(secondaryFs().exists(new Path(db + "/contacts/dt=a/000000_0"))).isTrue();
    assertThat(secondaryFs().exists(new Path(db + "/leads"))).isFalse();
  }
}
