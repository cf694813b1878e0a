package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Registry;
import dev.tandem.hive.HmsClient;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DoubleColumnStatsData;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.FireEventRequest;
import org.apache.hadoop.hive.metastore.api.FireEventRequestData;
import org.apache.hadoop.hive.metastore.api.GetPrincipalsInRoleRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokePrivilegeRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokeType;
import org.apache.hadoop.hive.metastore.api.HiveObjectPrivilege;
import org.apache.hadoop.hive.metastore.api.HiveObjectRef;
import org.apache.hadoop.hive.metastore.api.HiveObjectType;
import org.apache.hadoop.hive.metastore.api.InsertEventRequestData;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.PrivilegeBag;
import org.apache.hadoop.hive.metastore.api.PrivilegeGrantInfo;
import org.apache.hadoop.hive.metastore.api.Role;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.thrift.TException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * A real two-site sandbox with a Hive metastore per site, and helpers that act like Hive's clients do: write
 * the files, then tell the metastore. Assertions read both metastores independently of Tandem's verifier. A class
 * annotated {@link SandboxSettings} gets a sandbox started with those settings.
 */
@RealComponents
public abstract class HiveSandboxTest {
  protected static Sandbox sandbox;
  protected static final FailingInterceptor FAILURES = new FailingInterceptor();
  protected static HmsClient east;
  protected static HmsClient west;
  private static File hiveWork;

  @BeforeAll
  static void startHiveSandbox(TestInfo test) throws IOException {
    hiveWork = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "hive-sandbox").toFile();
    boolean capture = test.getTestClass().map(c -> c.getAnnotation(SandboxSettings.class))
        .map(SandboxSettings::captureOpenFiles).orElse(true);
    sandbox = Sandbox.builder(hiveWork).interceptor(FAILURES).hive(true).captureOpenFiles(capture).start()
        .registerSites();
    sandbox.controlPlane().pair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));
    east = HmsClient.connect(sandbox.primary().metastoreUri(), 60_000);
    west = HmsClient.connect(sandbox.secondary().metastoreUri(), 60_000);
  }

  @AfterAll
  static void stopHive() {
    FAILURES.disarm();
    if (east != null) {
      east.close();
    }
    if (west != null) {
      west.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
    FileUtil.fullyDelete(hiveWork);
  }

  protected static DistributedFileSystem primaryFs() {
    return sandbox.primary().fs();
  }

  protected static DistributedFileSystem secondaryFs() {
    return sandbox.secondary().fs();
  }

  protected static ControlPlane cp() {
    return sandbox.controlPlane();
  }

  protected static Registry secondaryRegistry() {
    return sandbox.connections().open(sandbox.secondary().site()).registry();
  }

  protected static Registry primaryRegistry() {
    return sandbox.connections().open(sandbox.primary().site()).registry();
  }

  protected static Run runOk(String group) {
    Run run = cp().runNow(GroupName.of(group));
    assertThat(run.state()).as("run %s: %s (notes %s)", run.id(), run.error(), run.report().notes())
        .isEqualTo(RunState.SUCCEEDED);
    return run;
  }

  /** The files of the cut are on the secondary as on the primary, byte for byte. */
  protected static void assertFilesReplicated(String dir, Run run) throws IOException {
    Map<String, String> expected = Trees.describe(primaryFs(), dir);
    assertThat(Trees.describe(secondaryFs(), dir)).isEqualTo(expected);
  }

  protected static String eastUri(String path) {
    return sandbox.primary().fileSystemUri() + path;
  }

  protected static String westUri(String path) {
    return sandbox.secondary().fileSystemUri() + path;
  }

  protected static ProtectionGroup hiveGroup(String name, DataSet... sets) {
    return new ProtectionGroup(GroupName.of(name), new ClusterPair(SiteId.of(Sandbox.PRIMARY),
        SiteId.of(Sandbox.SECONDARY)), List.of(sets), Schedule.parse("01:30", "4h", "UTC"), 5,
        SnapshotEnablement.ENABLE_IF_MISSING, true);
  }

  protected static void createDatabase(String name, String path) throws TException, IOException {
    primaryFs().mkdirs(new org.apache.hadoop.fs.Path(path));
    east.rpc().create_database(new Database(name, "", eastUri(path), new HashMap<>()));
  }

  protected static Table table(String db, String name, String path, boolean external, List<String> partitionKeys,
      String... columns) {
    Table t = new Table();
    t.setDbName(db);
    t.setTableName(name);
    t.setOwner("etl");
    t.setTableType(external ? "EXTERNAL_TABLE" : "MANAGED_TABLE");
    t.setParameters(new HashMap<>(external ? Map.of("EXTERNAL", "TRUE") : Map.of()));
    t.setPartitionKeys(partitionKeys.stream().map(k -> new FieldSchema(k, "string", "")).toList());
    t.setSd(sd(eastUri(path), columns));
    return t;
  }

  protected static StorageDescriptor sd(String location, String... columns) {
    StorageDescriptor sd = new StorageDescriptor();
    List<FieldSchema> cols = new ArrayList<>();
    for (String c : columns) {
      String[] nt = c.split(":");
      cols.add(new FieldSchema(nt[0], nt[1], ""));
    }
    sd.setCols(cols);
    sd.setLocation(location);
    sd.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    sd.setSerdeInfo(new SerDeInfo("text", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        new HashMap<>(Map.of("field.delim", ","))));
    sd.setParameters(new HashMap<>());
    return sd;
  }

  protected static Table getTable(HmsClient client, String db, String name) throws TException {
    return client.rpc().get_table_req(new GetTableRequest(db, name)).getTable();
  }

  /** Writes a data file into the partition's directory first, then adds the partition, as a Hive job does. */
  protected static Partition addPartition(String db, String table, String value, String rows) throws Exception {
    Table t = getTable(east, db, table);
    String location = t.getSd().getLocation() + "/" + t.getPartitionKeys().get(0).getName() + "=" + value;
    Trees.write(primaryFs(), new org.apache.hadoop.fs.Path(location).toUri().getPath() + "/000000_0", rows);
    StorageDescriptor sd = t.getSd().deepCopy();
    sd.setLocation(location);
    Partition p = new Partition(List.of(value), db, table, 0, 0, sd, new HashMap<>());
    east.rpc().add_partitions(List.of(p));
    return p;
  }

  /** Appends rows as a new file of the table (or partition) and fires the insert event, as Hive does. */
  protected static void insert(String db, String table, List<String> partition, String file, String rows)
      throws Exception {
    Table t = getTable(east, db, table);
    String dir = partition.isEmpty() ? t.getSd().getLocation()
        : east.rpc().get_partition(db, table, partition).getSd().getLocation();
    String path = new org.apache.hadoop.fs.Path(dir).toUri().getPath() + "/" + file;
    Trees.write(primaryFs(), path, rows);
    FireEventRequest rq = new FireEventRequest(true, FireEventRequestData.insertData(
        new InsertEventRequestData(List.of(dir + "/" + file))));
    rq.setDbName(db);
    rq.setTableName(table);
    if (!partition.isEmpty()) {
      rq.setPartitionVals(partition);
    }
    east.rpc().fire_listener_event(rq);
  }

  /**
   * The tables of {@code db} as seen through one metastore, independent of Tandem's own digest: schema,
   * type, parameters, partition values, locations relative to the site's file system.
   */
  protected static Map<String, String> describe(HmsClient client, String fsUri, String db) throws TException {
    Map<String, String> out = new TreeMap<>();
    for (String name : client.rpc().get_all_tables(db)) {
      Table t = getTable(client, db, name);
      out.put(name, t.getTableType() + " cols=" + t.getSd().getCols() + " keys=" + t.getPartitionKeys()
          + " location=" + relative(t.getSd().getLocation(), fsUri) + " params=" + new TreeMap<>(t.getParameters())
          + " view=" + t.getViewExpandedText());
      if (!t.getPartitionKeys().isEmpty()) {
        for (Partition p : client.rpc().get_partitions(db, name, (short) -1)) {
          out.put(name + "/" + p.getValues(), "cols=" + p.getSd().getCols() + " location="
              + relative(p.getSd().getLocation(), fsUri) + " params=" + new TreeMap<>(p.getParameters()));
        }
      }
    }
    return out;
  }

  private static String relative(String location, String fsUri) {
    if (location == null) {
      return null;
    }
    assertThat(location).as("location on the site's own file system").startsWith(fsUri);
    return location.substring(fsUri.length());
  }

  protected static void assertSameTables(String db) throws TException {
    Map<String, String> primary = describe(east, sandbox.primary().fileSystemUri(), db);
    assertThat(primary).isNotEmpty();
    assertThat(describe(west, sandbox.secondary().fileSystemUri(), db)).isEqualTo(primary);
  }

  /** Grants or revokes {@code privilege} on a database ({@code table} "") or table, as Hive's GRANT does. */
  protected static void grant(HmsClient client, GrantRevokeType type, PrincipalType principalType, String principal,
      String db, String table, String privilege, boolean grantOption) throws TException {
    HiveObjectPrivilege row = new HiveObjectPrivilege(object(db, table), principal, principalType,
        new PrivilegeGrantInfo(privilege, 0, "hive", PrincipalType.USER, grantOption), null);
    assertThat(client.rpc().grant_revoke_privileges(new GrantRevokePrivilegeRequest(type,
        new PrivilegeBag(List.of(row)))).isSuccess()).isTrue();
  }

  /**
   * The grants on a database ({@code table} "") or table as the metastore lists them, independent of
   * Tandem's reader: {@code USER etl ALL with grant option}, sorted.
   */
  protected static List<String> grants(HmsClient client, String db, String table) throws TException {
    return client.rpc().list_privileges(null, null, object(db, table)).stream()
        .map(p -> p.getPrincipalType() + " " + p.getPrincipalName() + " " + p.getGrantInfo().getPrivilege()
            + (p.getGrantInfo().isGrantOption() ? " with grant option" : "")).sorted().toList();
  }

  /** Creates {@code role} with these members ({@code USER alice}, {@code GROUP support}, {@code ROLE x}). */
  protected static void role(HmsClient client, String role, String... members) throws TException {
    if (!client.rpc().get_role_names().contains(role)) {
      assertThat(client.rpc().create_role(new Role(role, 0, "hive"))).isTrue();
    }
    for (String m : members) {
      String[] typeName = m.split(" ");
      assertThat(client.rpc().grant_role(role, typeName[1], PrincipalType.valueOf(typeName[0]), "hive",
          PrincipalType.USER, false)).isTrue();
    }
  }

  /** The members of {@code role}, sorted, in the form {@link #role} takes them. */
  protected static List<String> members(HmsClient client, String role) throws TException {
    return client.rpc().get_principals_in_role(new GetPrincipalsInRoleRequest(role)).getPrincipalGrants().stream()
        .map(g -> g.getPrincipalType() + " " + g.getPrincipalName()).sorted().toList();
  }

  private static HiveObjectRef object(String db, String table) {
    return table.isEmpty() ? new HiveObjectRef(HiveObjectType.DATABASE, db, null, null, null)
        : new HiveObjectRef(HiveObjectType.TABLE, db, table, null, null);
  }

  protected static void setTableStatistics(String db, String table, long low, long high, double maxAmount)
      throws TException {
    east.rpc().update_table_column_statistics(statisticsOf(new ColumnStatisticsDesc(true, db, table), low, high,
        maxAmount));
  }

  protected static ColumnStatistics statisticsOf(ColumnStatisticsDesc desc, long low, long high, double maxAmount) {
    LongColumnStatsData ids = new LongColumnStatsData(0, high - low + 1);
    ids.setLowValue(low);
    ids.setHighValue(high);
    DoubleColumnStatsData amounts = new DoubleColumnStatsData(0, 2);
    amounts.setLowValue(0.5);
    amounts.setHighValue(maxAmount);
    ColumnStatistics s = new ColumnStatistics(desc, List.of(
        new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(ids)),
        new ColumnStatisticsObj("amount", "double", ColumnStatisticsData.doubleStats(amounts))));
    s.setEngine("hive");
    return s;
  }

  /** Each column's statistics as the metastore returns them, keyed by column. */
  protected static Map<String, String> statistics(HmsClient client, String db, String table)
      throws TException {
    TableStatsRequest rq = new TableStatsRequest(db, table, List.of("id", "amount"));
    rq.setEngine("hive");
    Map<String, String> out = new TreeMap<>();
    for (ColumnStatisticsObj o : client.rpc().get_table_statistics_req(rq).getTableStats()) {
      out.put(o.getColName(), o.getColType() + " " + o.getStatsData());
    }
    return out;
  }
}
