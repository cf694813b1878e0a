package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.InvalidInputException;
import dev.tandem.testing.HiveSandboxTest;
import dev.tandem.testing.Trees;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Groups naming Hive objects Tandem cannot protect are refused, naming the field, and nothing is stored. */
class HiveValidationTest extends HiveSandboxTest {

  @BeforeAll
  static void objects() throws Exception {
    createDatabase("shop", "/val/shop.db");
    east.rpc().create_table(table("shop", "items", "/val/shop.db/items", true, List.of(), "id:bigint"));
    east.rpc().create_table(table("shop", "elsewhere", "/val/outside/elsewhere", true, List.of(), "id:bigint"));
    createDatabase("lookup", "/val/lookup.db");
    east.rpc().create_table(table("lookup", "codes", "/val/lookup.db/codes", true, List.of(), "code:string"));
    Table view = table("shop", "v_codes", "/unused", false, List.of(), "code:string");
    view.setTableType("VIRTUAL_VIEW");
    view.setSd(sd(null, "code:string"));
    view.setViewOriginalText("select code from lookup.codes");
    view.setViewExpandedText("select `codes`.`code` from `lookup`.`codes`");
    east.rpc().create_table(view);
    Table acid = table("lookup", "acid", "/val/lookup.db/acid", false, List.of(), "id:bigint");
    acid.getParameters().put("transactional", "true");
    acid.getParameters().put("transactional_properties", "insert_only");
    east.rpc().create_table(acid);
    othersObjects();
  }

  /**
   * Group 'holder' protects held.orders and shared.a; other databases' objects lie in their directories:
   * <pre>
   * /val/held.db                 databases held and alias (one directory)
   *   orders                     held.orders (holder) and alias.orders_copy, defined over the same files
   *   staging/dt=1               partition of held.orders (holder), and of alias.events
   * /val/snaproot                database shared, snapshottable
   *   a                          shared.a (holder)
   *   b                          shared.b
   * </pre>
   */
  private static void othersObjects() throws Exception {
    createDatabase("held", "/val/held.db");
    east.rpc().create_table(table("held", "orders", "/val/held.db/orders", true, List.of("dt"), "id:bigint"));
    addPartitionAt("held", "orders", "1", "/val/held.db/staging/dt=1");
    createDatabase("alias", "/val/held.db");
    east.rpc().create_table(table("alias", "orders_copy", "/val/held.db/orders", true, List.of("dt"), "id:bigint"));
    east.rpc().create_table(table("alias", "events", "/val/held.db/events", true, List.of("dt"), "id:bigint"));
    addPartitionAt("alias", "events", "1", "/val/held.db/staging/dt=1");
    createDatabase("shared", "/val/snaproot");
    primaryFs().allowSnapshot(new Path("/val/snaproot"));
    east.rpc().create_table(table("shared", "a", "/val/snaproot/a", true, List.of(), "id:bigint"));
    east.rpc().create_table(table("shared", "b", "/val/snaproot/b", true, List.of(), "id:bigint"));
    cp().putGroup(hiveGroup("holder", new HiveTable("held", "orders"), new HiveTable("shared", "a")));
  }

  private static void addPartitionAt(String db, String table, String value, String path) throws Exception {
    Trees.write(primaryFs(), path + "/000000_0", value + "\n");
    Table t = getTable(east, db, table);
    StorageDescriptor sd = t.getSd().deepCopy();
    sd.setLocation(eastUri(path));
    east.rpc().add_partitions(List.of(new Partition(List.of(value), db, table, 0, 0, sd, new HashMap<>())));
  }

  static Stream<Arguments> badGroups() {
    return Stream.of(
        Arguments.of(List.of(new HiveDatabase("nosuch")), "dataSets[0].database", "Unknown Hive database 'nosuch'"),
        Arguments.of(List.of(HdfsDirectory.of("/val"), new HiveTable("shop", "nosuch")), "dataSets[1].table",
            "Unknown Hive table 'shop.nosuch'"),
        Arguments.of(List.of(new HiveTable("nosuch", "items")), "dataSets[0].database",
            "Unknown Hive database 'nosuch'"),
        Arguments.of(List.of(new HiveTable("shop", "elsewhere")), "dataSets[0].table", "outside every allowed root"),
        Arguments.of(List.of(new HiveTable("shop", "v_codes")), "dataSets[0].table",
            "View shop.v_codes reads lookup.codes, which this group does not protect"),
        Arguments.of(List.of(new HiveTable("lookup", "acid")), "dataSets[0].table", "transactional (ACID)"),
        // Another group's objects, found by their locations rather than their names:
        Arguments.of(List.of(new HiveTable("alias", "orders_copy")), "dataSets[0].table",
            "Directory /val/held.db/orders of hive:alias.orders_copy overlaps /val/held.db/orders of "
                + "hive:held.orders, protected by group 'holder'"),
        Arguments.of(List.of(new HiveTable("alias", "events")), "dataSets[0].table",
            "Directory /val/held.db/staging/dt=1 of hive:alias.events overlaps /val/held.db/staging/dt=1 of "
                + "hive:held.orders, protected by group 'holder'"),
        Arguments.of(List.of(HdfsDirectory.of("/val/held.db/staging")), "dataSets[0].path",
            "HDFS directory /val/held.db/staging overlaps /val/held.db/staging/dt=1 of hive:held.orders, "
                + "protected by group 'holder'"),
        Arguments.of(List.of(new HiveTable("shared", "b")), "dataSets[0].table",
            "Snapshot root /val/snaproot already serves group 'holder'"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badGroups")
  void refusedNamingTheField(List<DataSet> sets, String field, String message) {
    String name = "bad-" + Math.abs((field + message).hashCode() % 100000);
    assertThatThrownBy(() -> cp().putGroup(hiveGroup(name, sets.toArray(DataSet[]::new))))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
    assertThat(primaryRegistry().group(GroupName.of(name))).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void theServersPickersListTheSitesDatabasesAndTables() {
    HmsHiveCatalog catalog = new HmsHiveCatalog();
    assertThat(catalog.databases(sandbox.primary().site())).contains("lookup", "shop");
    assertThat(catalog.tables(sandbox.primary().site(), "lookup")).containsExactly("acid", "codes");
    assertThatThrownBy(() -> catalog.tables(sandbox.primary().site(), "nosuch"))
        .isInstanceOf(dev.tandem.model.NotFoundException.class);
  }

  @org.junit.jupiter.api.Test
  void aViewWithItsBaseTablesInTheGroupIsAccepted() {
    cp().putGroup(hiveGroup("views-ok", new HiveTable("shop", "v_codes"), new HiveTable("lookup", "codes")));
    assertThat(primaryRegistry().group(GroupName.of("views-ok"))).isPresent();
  }

  @org.junit.jupiter.api.Test
  void aTableOutsideTheDatabaseIsAcceptedWhenItsDirectoryIsInTheGroup() {
    cp().putGroup(hiveGroup("elsewhere-ok", HdfsDirectory.of("/val/outside"), new HiveTable("shop", "elsewhere")));
    assertThat(primaryRegistry().group(GroupName.of("elsewhere-ok"))).isPresent();
  }
}
