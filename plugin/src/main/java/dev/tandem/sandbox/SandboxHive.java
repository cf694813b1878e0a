package dev.tandem.sandbox;

import dev.tandem.hive.HmsClient;
import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.FireEventRequest;
import org.apache.hadoop.hive.metastore.api.FireEventRequestData;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.InsertEventRequestData;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;

/**
 * The Hive side of the sample service {@code billing}: database {@code billing} with an external table
 * {@code events} partitioned by day over {@code /data/billing/events} and a table {@code customers} over
 * {@code /data/billing/customers}, so the tables' files are the service's protected directories. The calls
 * are those a Hive job makes: files first, then the metastore.
 */
public final class SandboxHive {
  public static final String DATABASE = "billing";

  private SandboxHive() {}

  public static void seed(Sandbox sandbox) {
    String fs = sandbox.primary().fileSystemUri();
    try (HmsClient hms = HmsClient.connect(sandbox.primary().metastoreUri(), 60_000)) {
      sandbox.primary().fs().mkdirs(new org.apache.hadoop.fs.Path(SandboxData.ROOT + "/hive/billing.db"));
      hms.rpc().create_database(new Database(DATABASE, "The billing service",
          fs + SandboxData.ROOT + "/hive/billing.db", new HashMap<>()));
      hms.rpc().create_table(table("events", fs + SandboxData.ROOT + "/events", List.of("dt"),
          "ts:string", "customer:int", "amount:double"));
      hms.rpc().create_table(table("customers", fs + SandboxData.ROOT + "/customers", List.of(),
          "id:int", "name:string"));
      for (int day = 20; day <= 23; day++) {
        addPartition(hms, "2026-11-" + day);
      }
    } catch (TException | java.io.IOException e) {
      throw new TandemException("Cannot create the sample Hive tables: " + e.getMessage(), e);
    }
  }

  /** Adds the day's partition of {@code billing.events}; its files must already be in place. */
  public static void addPartition(HmsClient hms, String day) throws TException {
    Table t = hms.rpc().get_table_req(new GetTableRequest(DATABASE, "events")).getTable();
    StorageDescriptor sd = t.getSd().deepCopy();
    sd.setLocation(t.getSd().getLocation() + "/dt=" + day);
    hms.rpc().add_partitions(List.of(new Partition(List.of(day), DATABASE, "events", 0, 0, sd, new HashMap<>())));
  }

  /** Tells the metastore that rows were written to a new file of a partition (Hive's insert event). */
  public static void inserted(HmsClient hms, String day, String file) throws TException {
    Partition p = hms.rpc().get_partition(DATABASE, "events", List.of(day));
    FireEventRequest rq = new FireEventRequest(true, FireEventRequestData.insertData(
        new InsertEventRequestData(List.of(p.getSd().getLocation() + "/" + file))));
    rq.setDbName(DATABASE);
    rq.setTableName("events");
    rq.setPartitionVals(List.of(day));
    hms.rpc().fire_listener_event(rq);
  }

  /** Moves a day's partition to another directory, as an archiving job does after moving its files. */
  public static void relocate(HmsClient hms, String day, String location) throws TException {
    Partition p = hms.rpc().get_partition(DATABASE, "events", List.of(day));
    p.getSd().setLocation(location);
    hms.rpc().alter_partition(DATABASE, "events", p);
  }

  /** The partitions of {@code billing.events} at a site, with their locations relative to its file system. */
  public static Map<String, String> partitions(String metastoreUri, String fsUri) {
    try (HmsClient hms = HmsClient.connect(metastoreUri, 60_000)) {
      Map<String, String> out = new TreeMap<>();
      for (Partition p : hms.rpc().get_partitions(DATABASE, "events", (short) -1)) {
        String loc = p.getSd().getLocation();
        out.put("dt=" + p.getValues().get(0), loc.startsWith(fsUri) ? loc.substring(fsUri.length()) : loc);
      }
      return out;
    } catch (TException e) {
      throw new TandemException("Cannot read billing.events at " + metastoreUri + ": " + e.getMessage(), e);
    }
  }

  private static Table table(String name, String location, List<String> keys, String... columns) {
    Table t = new Table();
    t.setDbName(DATABASE);
    t.setTableName(name);
    t.setOwner("billing");
    t.setTableType("EXTERNAL_TABLE");
    t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE", "skip.header.line.count", "1")));
    t.setPartitionKeys(keys.stream().map(k -> new FieldSchema(k, "string", "")).toList());
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
    sd.setSerdeInfo(new SerDeInfo("csv", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        new HashMap<>(Map.of("field.delim", ","))));
    sd.setParameters(new HashMap<>());
    t.setSd(sd);
    return t;
  }
}
