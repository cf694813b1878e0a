package dev.tandem.hive;

import static dev.tandem.testing.Trees.read;
import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.Registry;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.DrTestReport;
import dev.tandem.model.DrTestRequest;
import dev.tandem.model.DrTestStopReport;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.MetadataMode;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.RestoreEntry;
import dev.tandem.model.RestoreReport;
import dev.tandem.model.RestoreRequest;
import dev.tandem.model.Run;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.testing.HiveSandboxTest;
import dev.tandem.testing.Trees;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/**
 * Hive tables replicated with their files: bootstrap, then incremental by events, on real metastores; restores of
 * paths, tables and partitions from an older cut, and a DR test without failover on one (on this class's sandbox,
 * to spare CI another one).
 */
class HiveReplicationTest extends HiveSandboxTest {
  private static final GroupName GROUP = GroupName.of("shop");
  private static final SiteId EAST = SiteId.of(Sandbox.PRIMARY);
  private static final SiteId WEST = SiteId.of(Sandbox.SECONDARY);
  private static final String DB = "/rst/warehouse/shop.db";

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

  /**
   * Restore (issue 21): from an older cut onto both sites, checked against the cut itself as plain clients read it: the
   * cut's snapshot through {@link FileSystem} (bytes, owner, permission, ACL) and the metastore as it was when the
   * cut was taken (read through the Thrift client before anything changed).
   *
   * <pre>
   * /rst/data/a/f1, a/f2, b.txt              HDFS data set (f1 with an ACL, a with mode 750, owner etl)
   * /rst/warehouse/shop.db                   Hive database shop
   *   orders/dt=1, dt=2                      external, partitioned
   *   items/000000_0                         managed
   * </pre>
   * then, before the second cut: f1 rewritten, f2 and b.txt deleted, a made 777, orders' dt=1 dropped with its
   * files and a property changed, a file added to items.
   */
  @Test
  void restoresPathsTablesAndPartitionsFromAnOlderCutOnBothSites() throws Exception {
    write(primaryFs(), "/rst/data/a/f1", "one\n");
    write(primaryFs(), "/rst/data/a/f2", "two\n");
    write(primaryFs(), "/rst/data/b.txt", "bee\n");
    primaryFs().setOwner(new Path("/rst/data/a"), "etl", "billing");
    primaryFs().setPermission(new Path("/rst/data/a"), new FsPermission((short) 0750));
    primaryFs().setPermission(new Path("/rst/data/b.txt"), new FsPermission((short) 0600));
    primaryFs().modifyAclEntries(new Path("/rst/data/a/f1"), AclEntry.parseAclSpec("user:alice:r--", true));
    createDatabase("shop", DB);
    east.rpc().create_table(table("shop", "orders", DB + "/orders", true, List.of("dt"), "id:bigint", "amount:double"));
    addPartition("shop", "orders", "1", "1,10.0\n");
    addPartition("shop", "orders", "2", "2,20.0\n");
    east.rpc().create_table(table("shop", "items", DB + "/items", false, List.of(), "id:bigint", "name:string"));
    insert("shop", "items", List.of(), "000000_0", "1,pen\n");
    cp().putGroup(hiveGroup("shop", HdfsDirectory.of("/rst/data"), new HiveDatabase("shop")));
    Run first = runOk("shop");
    CutId cut = first.cut();
    Map<String, String> tablesAtCut = describe(east, sandbox.primary().fileSystemUri(), "shop");

    write(primaryFs(), "/rst/data/a/f1", "changed\n");
    primaryFs().delete(new Path("/rst/data/a/f2"), false);
    primaryFs().delete(new Path("/rst/data/b.txt"), false);
    primaryFs().setPermission(new Path("/rst/data/a"), new FsPermission((short) 0777));
    east.rpc().drop_partition("shop", "orders", List.of("1"), true);
    Table orders = getTable(east, "shop", "orders");
    orders.getParameters().put("owner.team", "later");
    east.rpc().alter_table("shop", "orders", orders);
    insert("shop", "items", List.of(), "000001_0", "2,ink\n");
    runOk("shop");

    // Bad input changes nothing and names the field.
    assertThatThrownBy(() -> cp().restore(path(EAST, "/rst/elsewhere", null, false, false)))
        .isInstanceOf(InvalidInputException.class).extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("path");
    assertThatThrownBy(() -> cp().restore(new RestoreRequest(GROUP, CutId.at(java.time.Instant.EPOCH), EAST,
        "/rst/data/a", null, List.of(), null, null, false, false))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> cp().restore(new RestoreRequest(GroupName.of("nope"), cut, EAST, "/rst/data/a", null,
        List.of(), null, null, false, false))).isInstanceOf(NotFoundException.class);

    // A dry run lists what would be written and writes nothing.
    RestoreReport dry = cp().restore(path(EAST, "/rst/data/a", null, true, false));
    assertThat(dry.entries()).extracting(RestoreEntry::path)
        .containsExactly("/rst/data/a", "/rst/data/a/f1", "/rst/data/a/f2");
    assertThat(dry.actions()).singleElement().satisfies(a -> assertThat(a.replaces()).isTrue());
    assertThat(read(primaryFs(), "/rst/data/a/f1")).isEqualTo("changed\n");
    assertThat(primaryFs().exists(new Path("/rst/data/a/f2"))).isFalse();

    // In place without the confirmation: refused, naming the target.
    assertThatThrownBy(() -> cp().restore(path(EAST, "/rst/data/a", null, false, false)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("/rst/data/a");
    assertThat(read(primaryFs(), "/rst/data/a/f1")).isEqualTo("changed\n");

    // A directory in place on the primary.
    RestoreReport dir = cp().restore(path(EAST, "/rst/data/a", null, false, true));
    assertThat(dir.filesCopied()).isEqualTo(2);
    assertSameAsCut(primaryFs(), first, "/rst/data/a", "/rst/data/a");
    assertThat(read(primaryFs(), "/rst/data/a/f2")).isEqualTo("two\n");

    // A single file to a new path on the secondary.
    cp().restore(path(WEST, "/rst/data/b.txt", "/restored/b.txt", false, false));
    assertThat(read(secondaryFs(), "/restored/b.txt")).isEqualTo("bee\n");
    assertSameEntry(secondaryFs(), snapshot(first, "/rst/data/b.txt"), "/restored/b.txt");

    // A whole table to a new name on the secondary: its files next to the table's, its definition as of the cut.
    RestoreReport renamed = cp().restore(table(WEST, "shop.orders", List.of(), "shop.orders_then", false));
    assertThat(renamed.partitionsWritten()).isEqualTo(2);
    Map<String, String> westTables = describe(west, sandbox.secondary().fileSystemUri(), "shop");
    assertThat(only(westTables, "orders_then")).isEqualTo(only(tablesAtCut, "orders").entrySet().stream().collect(
        TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue().replace(DB + "/orders", DB + "/orders_then")),
        Map::putAll));
    assertThat(read(secondaryFs(), DB + "/orders_then/dt=1/000000_0")).isEqualTo("1,10.0\n");
    assertSameAsCut(secondaryFs(), first, DB + "/orders", DB + "/orders_then");

    // One partition in place on the primary: dropped from the external table, its directory kept (and overwritten).
    primaryFs().delete(new Path(DB + "/orders/dt=1/000000_0"), false);
    write(primaryFs(), DB + "/orders/dt=1/later", "9,90.0\n");
    assertThatThrownBy(() -> cp().restore(table(EAST, "shop.orders", List.of("dt=1"), null, false)))
        .isInstanceOf(ConflictException.class).hasMessageContaining(DB + "/orders/dt=1");
    cp().restore(table(EAST, "shop.orders", List.of("dt=1"), null, true));
    assertSameAsCut(primaryFs(), first, DB + "/orders/dt=1", DB + "/orders/dt=1");
    assertThat(east.rpc().get_partition_names("shop", "orders", (short) -1)).containsExactly("dt=1", "dt=2");
    assertThat(read(primaryFs(), DB + "/orders/dt=1/000000_0")).isEqualTo("1,10.0\n");
    Map<String, String> eastNow = describe(east, sandbox.primary().fileSystemUri(), "shop");
    assertThat(eastNow.get("orders/[1]")).isEqualTo(tablesAtCut.get("orders/[1]"));
    assertThat(getTable(east, "shop", "orders").getParameters()).containsEntry("owner.team", "later");

    // A whole table in place on the primary: refused without the confirmation, then files and definition as of the cut.
    assertThatThrownBy(() -> cp().restore(table(EAST, "shop.items", List.of(), null, false)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("shop.items");
    assertThat(primaryFs().exists(new Path(DB + "/items/000001_0"))).isTrue();
    cp().restore(table(EAST, "shop.items", List.of(), null, true));
    assertThat(primaryFs().exists(new Path(DB + "/items/000001_0"))).isFalse();
    assertSameAsCut(primaryFs(), first, DB + "/items", DB + "/items");
    assertThat(describe(east, sandbox.primary().fileSystemUri(), "shop").get("items"))
        .isEqualTo(tablesAtCut.get("items"));
  }

  /**
   * DR test without failover (issue 21 C), checked with plain clients only ({@link HiveMetaStoreClient}, the HDFS
   * {@link FileSystem}): the first of two cuts exposed on the secondary while the primary keeps its newer state, held
   * past a retention of one, then removed, after which the next run drops the cut.
   *
   * <pre>
   * /drt/data/f1                              HDFS data set (f2 added before the second cut)
   * /drt/warehouse/books.db                  Hive database books
   *   sales/dt=1, dt=2                        managed, partitioned (dt=3 added before the second cut)
   * </pre>
   */
  @Test
  void aDrTestExposesAnOlderCutReadOnlyOnTheSecondaryHoldsItAndCleansUp() throws Exception {
    GroupName g = GroupName.of("drt");
    String db = "/drt/warehouse/books.db";
    write(primaryFs(), "/drt/data/f1", "one\n");
    createDatabase("books", db);
    east.rpc().create_table(table("books", "sales", db + "/sales", false, List.of("dt"), "id:bigint",
        "amount:double"));
    addPartition("books", "sales", "1", "1,10.0\n");
    addPartition("books", "sales", "2", "2,20.0\n");
    ProtectionGroup two = hiveGroup("drt", HdfsDirectory.of("/drt/data"), new HiveDatabase("books"));
    two = new ProtectionGroup(two.name(), two.pair(), two.dataSets(), two.schedule(), 2, two.snapshots(), true);
    cp().putGroup(two);
    Run first = runOk("drt");
    addPartition("books", "sales", "3", "3,30.0\n");
    write(primaryFs(), "/drt/data/f2", "two\n");
    Run second = runOk("drt");
    Cut cut = secondaryRegistry().cut(g, first.cut()).orElseThrow();
    String snap = "/.snapshot/" + cut.snapshotName();
    Map<String, String> sourceOnSecondary = describe(west, sandbox.secondary().fileSystemUri(), "books");
    Map<String, String> secondaryTree = Trees.describe(secondaryFs(), "/drt");
    assertThat(sourceOnSecondary).containsKey("sales/[3]");

    DrTest test = cp().startDrTest(new DrTestRequest(g, java.util.Optional.of(first.cut()), null), "auditor");

    DrTestReport report = test.finished().orElseThrow();
    assertThat(report.passed()).as("%s %s", report.checks(), report.notes()).isTrue();
    assertThat(test.databases()).containsExactly("books_drtest");
    assertThat(secondaryRegistry().drTest(g)).contains(test);
    try (IMetaStoreClient plain = plainClient(sandbox.secondary().metastoreUri())) {
      assertThat(plain.getDatabase("books_drtest").getParameters()).containsEntry(DrTest.GROUP_MARKER, "drt")
          .containsEntry(DrTest.CUT_MARKER, first.cut().value());
      Table t = plain.getTable("books_drtest", "sales");
      assertThat(t.getTableType()).isEqualTo("EXTERNAL_TABLE");
      assertThat(t.getParameters()).containsEntry("EXTERNAL", "TRUE").containsEntry("external.table.purge", "false")
          .doesNotContainKey("transactional");
      assertThat(t.getSd().getCols()).isEqualTo(getTable(west, "books", "sales").getSd().getCols());
      String root = cut.roots().stream().filter(r -> Paths.isSameOrBelow(db, r.path())).findFirst().orElseThrow()
          .path();
      assertThat(new Path(t.getSd().getLocation()).toUri().getPath()).startsWith(root + snap + "/");
      assertThat(plain.listPartitionNames("books_drtest", "sales", (short) -1)).as("the first cut's partitions")
          .containsExactly("dt=1", "dt=2");
      for (org.apache.hadoop.hive.metastore.api.Partition p : plain.listPartitions("books_drtest", "sales",
          (short) -1)) {
        String at = new Path(p.getSd().getLocation()).toUri().getPath();
        assertThat(p.getSd().getLocation()).startsWith(sandbox.secondary().fileSystemUri());
        assertThat(at).startsWith(root + snap + "/");
        // The bytes a reader of the test table gets are those of the primary's snapshot of the same cut.
        assertThat(Trees.describe(secondaryFs(), at)).isNotEmpty().isEqualTo(Trees.describe(primaryFs(), at));
        assertThat(read(secondaryFs(), at + "/000000_0")).isEqualTo(p.getValues().get(0) + ","
            + p.getValues().get(0) + "0.0\n");
      }
    }
    String dataSnap = report.paths().get(0).snapshotPath();
    assertThat(Trees.describe(secondaryFs(), dataSnap)).containsOnlyKeys("f1")
        .isEqualTo(Trees.describe(primaryFs(), dataSnap));
    assertThat(report.paths().get(0).usage()).isEqualTo(new DrTestReport.Usage(1, 4,
        DrTestReport.Comparison.EQUAL, 1, 4));
    assertThat(report.tables()).singleElement().satisfies(e -> {
      assertThat(e.test()).isEqualTo("books_drtest.sales");
      assertThat(e.partitions()).isEqualTo(2);
      assertThat(e.missingDirectories()).isZero();
      assertThat(e.usage()).isEqualTo(new DrTestReport.Usage(2, 14, DrTestReport.Comparison.EQUAL, 2, 14));
    });
    assertThat(describe(west, sandbox.secondary().fileSystemUri(), "books")).as("the source on the secondary")
        .isEqualTo(sourceOnSecondary);
    assertThat(Trees.describe(secondaryFs(), "/drt")).as("no file written on the secondary").isEqualTo(secondaryTree);
    for (String warehouse : List.of("/warehouse/managed", "/warehouse/external")) {
      assertThat(secondaryFs().exists(new Path(warehouse + "/books_drtest.db"))).as("no database directory").isFalse();
    }
    assertThatThrownBy(() -> cp().startDrTest(new DrTestRequest(g, java.util.Optional.empty(), "_again"), "x"))
        .isInstanceOf(ConflictException.class);

    // Retention 1 from now on: the held first cut stays on both sites, the second goes.
    cp().putGroup(new ProtectionGroup(two.name(), two.pair(), two.dataSets(), two.schedule(), 1, two.snapshots(),
        true));
    Run third = runOk("drt");
    assertThat(third.report().notes()).anyMatch(n -> n.startsWith("Kept cut " + first.cut()));
    for (Registry r : List.of(primaryRegistry(), secondaryRegistry())) {
      assertThat(r.cuts(g)).extracting(Cut::id).containsExactly(first.cut(), third.cut());
    }
    for (FileSystem fs : List.of(primaryFs(), secondaryFs())) {
      assertThat(fs.exists(new Path(dataSnap))).as("the held snapshot on %s", fs.getUri()).isTrue();
      assertThat(fs.exists(new Path(dataSnap.replace(first.cut().value(), second.cut().value())))).isFalse();
    }
    // The metastore images go with their cuts: the held cut's stays (a restore or DR test of it still works).
    ImageStore images = new ImageStore(secondaryFs(), dev.tandem.runtime.HadoopSiteConnections.METASTORE_IMAGES);
    assertThat(images.exists(g, first.cut())).isTrue();
    assertThat(images.exists(g, second.cut())).isFalse();

    DrTestStopReport stopped = cp().stopDrTest(g);

    assertThat(stopped.databasesDropped()).containsExactly("books_drtest");
    assertThat(west.rpc().get_all_databases()).doesNotContain("books_drtest");
    assertThat(secondaryRegistry().drTest(g)).isEmpty();
    assertThat(describe(west, sandbox.secondary().fileSystemUri(), "books")).isEqualTo(
        describe(east, sandbox.primary().fileSystemUri(), "books"));
    assertThat(Trees.describe(secondaryFs(), dataSnap)).as("the snapshot's files, until retention drops it")
        .containsOnlyKeys("f1");
    assertFilesReplicated("/drt", third);
    Run fourth = runOk("drt");
    for (FileSystem fs : List.of(primaryFs(), secondaryFs())) {
      assertThat(fs.exists(new Path(dataSnap))).as("the released snapshot on %s", fs.getUri()).isFalse();
    }
    assertThat(secondaryRegistry().cuts(g)).extracting(Cut::id).containsExactly(fourth.cut());
    assertThat(images.exists(g, first.cut())).as("the released cut's image").isFalse();
  }

  private static IMetaStoreClient plainClient(String uri) throws Exception {
    org.apache.hadoop.conf.Configuration conf = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, uri);
    return new HiveMetaStoreClient(conf);
  }

  private static RestoreRequest path(SiteId site, String path, String target, boolean dryRun, boolean overwrite) {
    return new RestoreRequest(GROUP, cutOfFirstRun(), site, path, null, List.of(), target, null, dryRun, overwrite);
  }

  private static RestoreRequest table(SiteId site, String table, List<String> partitions, String target,
      boolean overwrite) {
    return new RestoreRequest(GROUP, cutOfFirstRun(), site, null, table, partitions, null, target, false, overwrite);
  }

  private static CutId cutOfFirstRun() {
    return primaryRegistry().cuts(GROUP).get(0).id();
  }

  /** Where the cut's snapshot holds {@code path} on either site (the same path on both). */
  private static String snapshot(Run run, String path) {
    SnapshotRoot root = primaryRegistry().cut(GROUP, run.cut()).orElseThrow().roots().stream()
        .filter(r -> Paths.isSameOrBelow(path, r.path())).findFirst().orElseThrow();
    return Paths.join(root.path() + "/.snapshot/" + run.cut().snapshotName(GROUP), Paths.relativize(root.path(), path));
  }

  /** The tree at {@code restored} is the cut's {@code path}: bytes, owners, permissions, ACLs, times. */
  private static void assertSameAsCut(FileSystem fs, Run run, String path, String restored) throws Exception {
    String snap = snapshot(run, path);
    assertThat(Trees.describe(fs, restored)).isEqualTo(Trees.describe(fs, snap)).isNotEmpty();
    assertSameEntry(fs, snap, restored);
    for (FileStatus st : fs.listStatus(new Path(snap))) {
      assertSameEntry(fs, st.getPath().toUri().getPath(), restored + "/" + st.getPath().getName());
    }
  }

  private static void assertSameEntry(FileSystem fs, String expected, String actual) throws Exception {
    FileStatus e = fs.getFileStatus(new Path(expected));
    FileStatus a = fs.getFileStatus(new Path(actual));
    assertThat(a.getOwner() + ":" + a.getGroup() + " " + a.getPermission() + " " + a.getLen())
        .isEqualTo(e.getOwner() + ":" + e.getGroup() + " " + e.getPermission() + " " + e.getLen());
    assertThat(fs.getAclStatus(new Path(actual)).getEntries()).isEqualTo(fs.getAclStatus(new Path(expected)).getEntries());
  }

  /** The entries of one table in {@link #describe}'s map, keyed without the table's name. */
  private static Map<String, String> only(Map<String, String> tables, String table) {
    Map<String, String> out = new TreeMap<>();
    tables.forEach((k, v) -> {
      if (k.equals(table) || k.startsWith(table + "/")) {
        out.put(k.substring(table.length()), v);
      }
    });
    return out;
  }
}
