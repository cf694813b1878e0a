package dev.tandem.bench;

import dev.tandem.engine.MetastorePlan;
import dev.tandem.engine.MetastoreReplicator;
import dev.tandem.hive.HmsClient;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.MetadataReport;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.sandbox.Sandbox;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.NotificationEventRequest;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.messaging.MessageDeserializer;
import org.apache.hadoop.hive.metastore.messaging.MessageFactory;

/**
 * Hive metadata replication against a plain metastore-client copy, on the sandbox's two real metastores:
 * <ol>
 *   <li>bootstrap of N tables with P partitions each: Tandem (plan = dump of the primary, then replicate:
 *   image, secondary writes) vs a plain client copy (read each table and its partitions, create them on the
 *   secondary under other paths);</li>
 *   <li>E events on the primary (single-partition adds and table alters over T tables);</li>
 *   <li>incremental: Tandem's replicate (events since the last cut) vs a plain replayer that applies each
 *   event with one call.</li>
 * </ol>
 * Prints times, events per second and the ratios (baseline / Tandem: above 1 means Tandem is faster), and
 * the floors these metastores set for any client: reading every object and storing it ready-made for a
 * bootstrap, and the secondary adding the replay's partitions alone for a replay.
 *
 * <p>Usage: {@code bench/run HiveBench [--tables N] [--partitions P] [--events E] [--touched-tables T]
 * [--work-dir DIR] [--floor-only]}. Defaults: 10 000 tables, 10 partitions each, 10 000 events over 100 tables.
 * {@code --floor-only} creates the tables and measures the floors alone.
 */
public final class HiveBench {
  private static final String DB = "bench";
  private static final String BASELINE_DB = "bench_baseline";
  private static final String FLOOR_DB = "bench_floor";
  private static final String FLOOR_REPLAY_DB = "bench_floor_replay";
  private static final int THREADS = 4;

  private final int tables;
  private final int partitions;
  private final int events;
  private final int touched;
  private final File workDir;

  private HiveBench(int tables, int partitions, int events, int touched, File workDir) {
    this.tables = tables;
    this.partitions = partitions;
    this.events = events;
    this.touched = touched;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    int tables = 10_000;
    int partitions = 10;
    int events = 10_000;
    int touched = 100;
    File work = null;
    boolean floorOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--floor-only" -> floorOnly = true;
        case "--tables" -> tables = Integer.parseInt(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--events" -> events = Integer.parseInt(args[++i]);
        case "--touched-tables" -> touched = Integer.parseInt(args[++i]);
        case "--work-dir" -> work = new File(args[++i]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + " (use --tables N, "
            + "--partitions P, --events E, --touched-tables T, --work-dir DIR, --floor-only)");
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("tandem-hive-bench").toFile();
    }
    new HiveBench(tables, partitions, events, Math.min(touched, tables), work).run(floorOnly);
    System.exit(0);
  }

  private void run(boolean floorOnly) throws Exception {
    FileUtil.fullyDelete(workDir);
    try (Sandbox sandbox = Sandbox.builder(workDir).hive(true).start().registerSites()) {
      String east = sandbox.primary().fileSystemUri();
      String west = sandbox.secondary().fileSystemUri();
      String eastMs = sandbox.primary().metastoreUri();
      String westMs = sandbox.secondary().metastoreUri();
      System.out.printf("Hive bench: %d tables x %d partitions, %d events over %d tables (%d cores)%n", tables,
          partitions, events, touched, Runtime.getRuntime().availableProcessors());

      long t0 = System.nanoTime();
      populate(eastMs, east);
      System.out.printf("  setup: %d tables, %d partitions on the primary in %.1f s%n", tables,
          (long) tables * partitions, secs(t0));
      if (floorOnly) {
        floors(eastMs, westMs, west, events * 4L / 5, events);
        return;
      }

      MetastoreReplicator tandem = sandbox.connections().metastore(sandbox.primary().site(), sandbox.secondary().site());
      ProtectionGroup group = new ProtectionGroup(GroupName.of("bench"), new ClusterPair(SiteId.of(Sandbox.PRIMARY),
          SiteId.of(Sandbox.SECONDARY)), List.<DataSet>of(new HiveDatabase(DB)), Schedule.parse("01:30", "4h", "UTC"),
          3, SnapshotEnablement.ENABLE_IF_MISSING, true);

      // Bootstrap: the plain copy first, then Tandem, each into fresh paths of the secondary.
      long b0 = System.nanoTime();
      long copied = plainCopy(eastMs, westMs, west);
      double baselineBootstrap = secs(b0);
      System.out.printf("  bootstrap, plain client copy: %.1f s (%d partitions)%n", baselineBootstrap, copied);

      List<String> notes = new ArrayList<>();
      long p0 = System.nanoTime();
      MetastorePlan plan = tandem.plan(group);
      double plan1 = secs(p0);
      Cut first = cut(group, eastMs);
      long r0 = System.nanoTime();
      MetadataReport boot = tandem.replicate(plan, first, Optional.empty(), notes);
      double replicate1 = secs(r0);
      double tandemBootstrap = plan1 + replicate1;
      System.out.printf("  bootstrap, Tandem: %.1f s (plan/dump %.1f s + replicate %.1f s; %d tables, %d partitions "
          + "written)%n", tandemBootstrap, plan1, replicate1, boot.tablesWritten(), boot.partitionsWritten());
      long v0 = System.nanoTime();
      MetadataReport verified = tandem.verify(plan, first, boot);
      System.out.printf("  verify after bootstrap: %.1f s, %s%n", secs(v0),
          verified.ok() ? "equal, digest " + verified.digest().substring(0, 12) : verified.mismatches());

      long e0 = System.nanoTime();
      long from = currentEventId(eastMs);
      makeEvents(eastMs);
      long to = currentEventId(eastMs);
      System.out.printf("  setup: %d events on the primary in %.1f s%n", to - from, secs(e0));

      long pb = System.nanoTime();
      long replayed = plainReplay(eastMs, westMs, west, first.metastoreEventId(), to);
      double baselineReplay = secs(pb);
      System.out.printf("  incremental, plain replayer: %.2f s, %.0f events/s%n", baselineReplay,
          replayed / baselineReplay);

      long pf = System.nanoTime();
      tandem.plan(group);
      double planFull = secs(pf);
      long p1 = System.nanoTime();
      MetastorePlan plan2 = tandem.plan(group, Optional.of(first.id()));
      double plan2s = secs(p1);
      System.out.printf("  incremental plan: full read %.1f s, from the last image and the events %.1f s (%.1fx)%n",
          planFull, plan2s, planFull / plan2s);
      Cut second = cut(group, eastMs);
      long r1 = System.nanoTime();
      MetadataReport inc = tandem.replicate(plan2, second, Optional.of(first), notes);
      double tandemReplay = secs(r1);
      System.out.printf("  incremental, Tandem replicate: %.2f s, %.0f events/s (%d events, %d tables, %d partitions "
          + "written; mode %s); its plan before the cut took %.1f s%n", tandemReplay,
          inc.eventsReplayed() / tandemReplay, inc.eventsReplayed(), inc.tablesWritten(), inc.partitionsWritten(),
          inc.mode(), plan2s);
      long v1 = System.nanoTime();
      MetadataReport verified2 = tandem.verify(plan2, second, inc);
      System.out.printf("  verify after incremental: %.1f s, %s%n", secs(v1),
          verified2.ok() ? "equal" : verified2.mismatches());
      notes.forEach(n -> System.out.println("  note: " + n));

      System.out.println();
      System.out.printf("RESULT bootstrap  tandem=%.1fs baseline=%.1fs ratio=%.2f goal<=60s %s%n", tandemBootstrap,
          baselineBootstrap, baselineBootstrap / tandemBootstrap, tandemBootstrap <= 60 ? "met" : "missed");
      System.out.printf("RESULT plan      from-image=%.1fs full-read=%.1fs ratio=%.2f%n", plan2s, planFull,
          planFull / plan2s);
      System.out.printf("RESULT replay     tandem=%.0fev/s baseline=%.0fev/s ratio=%.2f goal>=5000ev/s %s%n",
          inc.eventsReplayed() / tandemReplay, replayed / baselineReplay,
          (inc.eventsReplayed() / tandemReplay) / (replayed / baselineReplay),
          inc.eventsReplayed() / tandemReplay >= 5000 ? "met" : "missed");
      floors(eastMs, westMs, west, inc.partitionsWritten(), inc.eventsReplayed());
    } finally {
      FileUtil.fullyDelete(workDir);
    }
  }

  private Cut cut(ProtectionGroup group, String eastMs) {
    Instant now = Instant.now();
    try {
      Thread.sleep(2); // distinct cut ids (millisecond resolution)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Cut(CutId.at(now), group.name(), now, List.of(), Duration.ZERO, currentEventId(eastMs));
  }

  private static long currentEventId(String uri) {
    try (HmsClient c = HmsClient.connect(uri, 120_000)) {
      return c.call("read the event id", rpc -> rpc.get_current_notificationEventId()).getEventId();
    }
  }

  private void populate(String eastMs, String east) throws Exception {
    try (HmsClient c = HmsClient.connect(eastMs, 120_000)) {
      c.rpc().create_database(new Database(DB, "", east + "/bench/warehouse/" + DB + ".db", new HashMap<>()));
    }
    parallel(tables, (c, i) -> {
      Table t = table(DB, "t" + i, east + "/bench/warehouse/" + DB + ".db/t" + i);
      c.rpc().create_table(t);
      List<Partition> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(partition(t, "d" + p));
      }
      if (!parts.isEmpty()) {
        c.rpc().add_partitions(parts);
      }
    }, eastMs);
  }

  private void makeEvents(String eastMs) throws Exception {
    parallel(events, (c, i) -> {
      String name = "t" + (i % touched);
      if (i % 5 == 4) {
        Table t = c.rpc().get_table_req(new org.apache.hadoop.hive.metastore.api.GetTableRequest(DB, name)).getTable();
        t.getParameters().put("bench.counter", Integer.toString(i));
        c.rpc().alter_table_with_environment_context(DB, name, t, new EnvironmentContext());
      } else {
        Table t = c.rpc().get_table_req(new org.apache.hadoop.hive.metastore.api.GetTableRequest(DB, name)).getTable();
        c.rpc().add_partitions(List.of(partition(t, "e" + i)));
      }
    }, eastMs);
  }

  /** The baseline bootstrap: table by table, partitions in one call, locations moved to the secondary. */
  private long plainCopy(String eastMs, String westMs, String west) throws Exception {
    try (HmsClient w = HmsClient.connect(westMs, 120_000)) {
      w.rpc().create_database(new Database(BASELINE_DB, "", west + "/baseline/" + BASELINE_DB + ".db", new HashMap<>()));
    }
    List<String> names;
    try (HmsClient e = HmsClient.connect(eastMs, 120_000)) {
      names = e.rpc().get_all_tables(DB);
    }
    long[] count = new long[1];
    List<List<String>> batches = batches(names);
    parallelPair(batches.size(), (e, w, i) -> {
      GetTablesRequest rq = new GetTablesRequest(DB);
      rq.setTblNames(new ArrayList<>(batches.get(i)));
      for (Table t : e.rpc().get_table_objects_by_name_req(rq).getTables()) {
        Table copy = moved(t, west);
        w.rpc().create_table(copy);
        List<Partition> parts = new ArrayList<>();
        for (Partition p : e.rpc().get_partitions(DB, t.getTableName(), (short) -1)) {
          parts.add(moved(p, west));
        }
        if (!parts.isEmpty()) {
          w.rpc().add_partitions(parts);
        }
        synchronized (count) {
          count[0] += parts.size();
        }
      }
    }, eastMs, westMs);
    return count[0];
  }

  /**
   * The floors these metastores set for any client, with nothing compared, computed or written besides:
   * reading every bench table and its partitions from the primary, storing them ready-made on the secondary
   * with the calls Tandem's writer makes, and the secondary adding {@code added} partitions over the touched
   * tables (one call a table), which bounds the replay of {@code events} events that add them.
   */
  private void floors(String eastMs, String westMs, String west, long added, long events) throws Exception {
    List<String> names;
    try (HmsClient e = HmsClient.connect(eastMs, 120_000); HmsClient w = HmsClient.connect(westMs, 120_000)) {
      names = e.rpc().get_all_tables(DB);
      w.rpc().create_database(new Database(FLOOR_DB, "", west + "/floor/" + FLOOR_DB + ".db", new HashMap<>()));
    }
    List<List<String>> batches = batches(names);
    Map<String, Table> read = new ConcurrentHashMap<>();
    Map<String, List<Partition>> readParts = new ConcurrentHashMap<>();
    long r0 = System.nanoTime();
    parallel(batches.size(), (e, i) -> {
      GetTablesRequest rq = new GetTablesRequest(DB);
      rq.setTblNames(new ArrayList<>(batches.get(i)));
      for (Table t : e.rpc().get_table_objects_by_name_req(rq).getTables()) {
        read.put(t.getTableName(), t);
        readParts.put(t.getTableName(), e.rpc().get_partitions(DB, t.getTableName(), (short) -1));
      }
    }, eastMs);
    double reading = secs(r0);
    EnvironmentContext keepStatistics = new EnvironmentContext(Map.of(StatsSetupConst.DO_NOT_UPDATE_STATS,
        StatsSetupConst.TRUE));
    long w0 = System.nanoTime();
    parallel(batches.size(), (w, i) -> {
      for (String name : batches.get(i)) {
        w.rpc().create_table_with_environment_context(moved(read.get(name), west, FLOOR_DB), keepStatistics);
        List<Partition> parts = new ArrayList<>();
        for (Partition p : readParts.get(name)) {
          parts.add(moved(p, west, FLOOR_DB));
        }
        if (!parts.isEmpty()) {
          w.rpc().add_partitions_req(new AddPartitionsRequest(FLOOR_DB, name, parts, false));
        }
      }
    }, westMs);
    double writing = secs(w0);
    System.out.printf("  floor, bootstrap: reading the %d tables and %d partitions from the primary %.1f s, storing "
        + "them ready-made on the secondary %.1f s%n", read.size(),
        readParts.values().stream().mapToLong(List::size).sum(), reading, writing);
    // Last, on a metastore as warm as the one Tandem's replay met.
    double replay = partitionWriteFloor(westMs, west, added);
    System.out.printf("  floor, replay: the secondary adds %d partitions alone in %.2f s%n", added, replay);
    System.out.printf("RESULT floor     bootstrap>=%.1fs (read %.1fs + write %.1fs) replay<=%.0fev/s, for any client "
        + "of these metastores%n", reading + writing, reading, writing, events / replay);
  }

  /** Seconds the secondary needs to add {@code count} partitions over the touched tables, one call a table. */
  private double partitionWriteFloor(String westMs, String west, long count) throws Exception {
    String location = west + "/floor/" + FLOOR_REPLAY_DB + ".db";
    try (HmsClient w = HmsClient.connect(westMs, 120_000)) {
      w.rpc().create_database(new Database(FLOOR_REPLAY_DB, "", location, new HashMap<>()));
    }
    List<Table> created = new ArrayList<>();
    for (int i = 0; i < touched; i++) {
      created.add(table(FLOOR_REPLAY_DB, "t" + i, location + "/t" + i));
    }
    parallel(touched, (c, i) -> c.rpc().create_table(created.get(i)), westMs);
    long perTable = Math.max(1, count / touched);
    long t0 = System.nanoTime();
    parallel(touched, (c, i) -> {
      List<Partition> parts = new ArrayList<>();
      for (long p = 0; p < perTable; p++) {
        parts.add(partition(created.get(i), "f" + p));
      }
      c.rpc().add_partitions_req(new AddPartitionsRequest(FLOOR_REPLAY_DB, created.get(i).getTableName(), parts,
          false));
    }, westMs);
    return secs(t0);
  }

  /** The baseline replay: every event applied with one call, in order. */
  private long plainReplay(String eastMs, String westMs, String west, long from, long to) throws Exception {
    long n = 0;
    try (HmsClient e = HmsClient.connect(eastMs, 120_000); HmsClient w = HmsClient.connect(westMs, 120_000)) {
      long next = from;
      while (next < to) {
        NotificationEventRequest rq = new NotificationEventRequest(next);
        rq.setMaxEvents(5_000);
        for (NotificationEvent ev : e.rpc().get_next_notification(rq).getEvents()) {
          next = ev.getEventId();
          if (next > to) {
            break;
          }
          n++;
          MessageDeserializer md = MessageFactory.getInstance(ev.getMessageFormat()).getDeserializer();
          switch (ev.getEventType()) {
            case "ADD_PARTITION" -> {
              List<Partition> parts = new ArrayList<>();
              for (Partition p : md.getAddPartitionMessage(ev.getMessage()).getPartitionObjs()) {
                parts.add(moved(p, west));
              }
              w.rpc().add_partitions(parts);
            }
            case "ALTER_TABLE" -> {
              Table after = moved(md.getAlterTableMessage(ev.getMessage()).getTableObjAfter(), west);
              w.rpc().alter_table_with_environment_context(BASELINE_DB, after.getTableName(), after,
                  new EnvironmentContext());
            }
            default -> { }
          }
        }
      }
    }
    return n;
  }

  private static Table moved(Table t, String west) {
    return moved(t, west, BASELINE_DB);
  }

  private static Partition moved(Partition p, String west) {
    return moved(p, west, BASELINE_DB);
  }

  /** A copy in database {@code db} of the secondary, under {@code /<db>} followed by the primary's path. */
  private static Table moved(Table t, String west, String db) {
    Table c = t.deepCopy();
    c.setDbName(db);
    c.unsetId();
    c.getSd().setLocation(west + "/" + db + new org.apache.hadoop.fs.Path(t.getSd().getLocation()).toUri().getPath());
    return c;
  }

  private static Partition moved(Partition p, String west, String db) {
    Partition c = p.deepCopy();
    c.setDbName(db);
    c.getSd().setLocation(west + "/" + db + new org.apache.hadoop.fs.Path(p.getSd().getLocation()).toUri().getPath());
    return c;
  }

  private static Table table(String db, String name, String location) {
    Table t = new Table();
    t.setDbName(db);
    t.setTableName(name);
    t.setOwner("bench");
    t.setTableType("EXTERNAL_TABLE");
    t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    t.setPartitionKeys(List.of(new FieldSchema("dt", "string", "")));
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(List.of(new FieldSchema("id", "bigint", ""), new FieldSchema("amount", "double", ""),
        new FieldSchema("customer", "string", "")));
    sd.setLocation(location);
    sd.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    sd.setSerdeInfo(new SerDeInfo("text", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", new HashMap<>()));
    sd.setParameters(new HashMap<>());
    t.setSd(sd);
    return t;
  }

  private static Partition partition(Table t, String value) {
    StorageDescriptor sd = t.getSd().deepCopy();
    sd.setLocation(t.getSd().getLocation() + "/dt=" + value);
    return new Partition(List.of(value), t.getDbName(), t.getTableName(), 0, 0, sd, new HashMap<>());
  }

  private interface Work {
    void run(HmsClient client, int i) throws Exception;
  }

  private interface PairWork {
    void run(HmsClient east, HmsClient west, int i) throws Exception;
  }

  private static void parallel(int n, Work work, String uri) throws Exception {
    parallelPair(n, (e, w, i) -> work.run(e, i), uri, null);
  }

  /** Runs {@code work(i)} for i in [0, n) on a few threads, each with its own connections. */
  private static void parallelPair(int n, PairWork work, String eastMs, String westMs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          try (HmsClient e = HmsClient.connect(eastMs, 120_000);
              HmsClient w = westMs == null ? null : HmsClient.connect(westMs, 120_000)) {
            for (int i = first; i < n; i += THREADS) {
              work.run(e, w, i);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Table names in batches of 100, one {@code get_table_objects_by_name_req} each. */
  private static List<List<String>> batches(List<String> names) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i += 100) {
      out.add(names.subList(i, Math.min(names.size(), i + 100)));
    }
    return out;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
