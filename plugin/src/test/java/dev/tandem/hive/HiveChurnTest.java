package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.runtime.HadoopSiteConnections;
import dev.tandem.testing.HiveSandboxTest;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.junit.jupiter.api.Test;

/**
 * Runs looping back to back while a writer that knows nothing of Tandem (a plain {@link HiveMetaStoreClient}
 * and the plain HDFS client) keeps changing the protected tables every few milliseconds: it adds partitions
 * and drops older ones, drops a whole table and creates it again under the same name, creates and drops
 * another table. No run may fail for it, and every committed cut shows the primary's partitions as they were
 * after some prefix of the writer's operations (its metastore fence holds the writer during the cut only).
 */
class HiveChurnTest extends HiveSandboxTest {
  private static final String ROOT = "/churn";
  private static final String ONE = ROOT + "/one1.db";
  private static final String TWO = ROOT + "/two1.db";
  private static final int RUNS = 15;
  /** How many partitions of one1.t the writer keeps: it drops the oldest beyond. */
  private static final int LIVE = 12;

  /** One metastore operation of the writer, logged before it is sent. */
  private record Op(String kind, String table, String partition) {}

  @Test
  void runsNeverFailAndCommitPrefixesOfTheWritersOperations() throws Exception {
    primaryFs().mkdirs(new Path(ROOT));
    primaryFs().allowSnapshot(new Path(ROOT));
    createDatabase("one1", ONE);
    createDatabase("two1", TWO);
    east.rpc().create_table(table("one1", "t", ONE + "/t", true, List.of("seq"), "id:bigint"));
    east.rpc().create_table(table("two1", "r", TWO + "/r", true, List.of("seq"), "id:bigint"));
    cp().putGroup(hiveGroup("churn", new HiveTable("one1", "t"), new HiveDatabase("two1")));
    runOk("churn");

    Map<String, Set<String>> initial = primaryState();
    List<Op> log = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> write(log, stop, failure), "churn-writer");
    writer.setDaemon(true);
    writer.start();

    List<String> failed = new ArrayList<>();
    int prefix = 0;
    IMetaStoreClient secondary = plainClient(sandbox.secondary().metastoreUri());
    try {
      awaitOperations(log, 50, failure);
      for (int i = 0; i < RUNS; i++) {
        if (i % 4 == 2) {
          forceFullRead();
        }
        Run run = cp().runNow(GroupName.of("churn"));
        if (run.state() != RunState.SUCCEEDED) {
          failed.add(run.id() + ": " + run.error());
          continue;
        }
        Map<String, Set<String>> onSecondary = state(secondary);
        List<Op> ops;
        synchronized (log) {
          ops = new ArrayList<>(log);
        }
        int matched = firstPrefix(initial, ops, prefix, onSecondary);
        assertThat(matched).as("run %s: the secondary's partitions %s are the primary's after no prefix of the "
            + "writer's %d operations from the %dth on", run.id(), onSecondary, ops.size(), prefix).isNotNegative();
        prefix = matched;
        assertPartitionFilesOnSecondary(secondary);
      }
    } finally {
      stop.set(true);
      writer.join(60_000);
      secondary.close();
    }
    assertThat(writer.isAlive()).as("writer stopped").isFalse();
    assertThat(failure.get()).as("writer").isNull();
    assertThat(failed).as("failed runs").isEmpty();
    assertThat(log).as("the writer re-created r and toggled x while the runs looped")
        .anyMatch(op -> op.kind().equals("create") && op.table().equals("two1.r"))
        .anyMatch(op -> op.kind().equals("drop") && op.table().equals("two1.x"));
    assertThat(prefix).as("the last cut saw the writer's work").isGreaterThan(50);

    runOk("churn");
    IMetaStoreClient reader = plainClient(sandbox.secondary().metastoreUri());
    try {
      assertThat(state(reader)).isEqualTo(apply(initial, log, log.size())).isEqualTo(primaryState());
      assertPartitionFilesOnSecondary(reader);
    } finally {
      reader.close();
    }
    assertSameTables("one1");
    assertSameTables("two1");
  }

  /**
   * A table named as a data set of its own that PLAN finds absent: dropped on the primary after the last good
   * cut (the log says so), it is a real state of the primary, and the cut holds the table as the events up to its
   * own id leave it: created again (after PLAN, with a partition) or absent. A later run that still finds it
   * absent, with no drop since, fails naming the data set.
   * <pre>
   * /own/own1.db/t   external, partitioned by seq; dropped without its files, created again over them
   * </pre>
   */
  @Test
  void aTableOfItsOwnDroppedWhilePlanningIsHeldAsTheEventsLeaveIt() throws Exception {
    primaryFs().mkdirs(new Path("/own"));
    primaryFs().allowSnapshot(new Path("/own"));
    createDatabase("own1", "/own/own1.db");
    east.rpc().create_table(table("own1", "t", "/own/own1.db/t", true, List.of("seq"), "id:bigint"));
    addPartition("own1", "t", "0", "0\n");
    cp().putGroup(hiveGroup("own", new HiveTable("own1", "t")));
    runOk("own");

    IMetaStoreClient primary = plainClient(sandbox.primary().metastoreUri());
    IMetaStoreClient secondary = plainClient(sandbox.secondary().metastoreUri());
    try {
      primary.dropTable("own1", "t", false, false);
      FAILURES.actOnceAfter(dev.tandem.model.RunStep.PLAN, () -> {
        try {
          primary.createTable(table("own1", "t", "/own/own1.db/t", true, List.of("seq"), "id:bigint"));
          addPartition("own1", "t", "1", "1\n");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Run recreated = runOk("own");
      assertThat(recreated.report().notes()).anySatisfy(n -> assertThat(n)
          .contains("Hive table own1.t (dataSets[0].table) is absent on the primary: dropped at event"));
      assertThat(secondary.listPartitionNames("own1", "t", (short) -1)).containsExactly("seq=1")
          .isEqualTo(primary.listPartitionNames("own1", "t", (short) -1));
      assertThat(Trees.read(secondaryFs(), "/own/own1.db/t/seq=1/000000_0")).isEqualTo("1\n");
      assertSameTables("own1");

      primary.dropTable("own1", "t", false, false);
      Run dropped = runOk("own");
      assertThat(dropped.report().notes()).anySatisfy(n -> assertThat(n).contains("own1.t")
          .contains("is absent on the primary: dropped at event"));
      assertThat(secondary.tableExists("own1", "t")).isFalse();

      Run unknown = cp().runNow(GroupName.of("own"));
      assertThat(unknown.state()).isEqualTo(RunState.FAILED);
      assertThat(unknown.error()).contains("Unknown Hive table 'own1.t' (dataSets[0].table)")
          .contains("records no drop of it after event");

      primary.createTable(table("own1", "t", "/own/own1.db/t", true, List.of("seq"), "id:bigint"));
      runOk("own");
      assertThat(secondary.tableExists("own1", "t")).isTrue();
      assertSameTables("own1");
    } finally {
      FAILURES.disarm();
      primary.close();
      secondary.close();
    }
  }

  /**
   * A writer with a plain metastore client drops a table that is a data set of its own and creates it again,
   * adding partitions in between, while runs loop: none fails, and once the writer stops, one more run leaves the
   * secondary equal to the primary.
   */
  @Test
  void aTableOfItsOwnDroppedAndCreatedAgainWhileRunsLoop() throws Exception {
    String dir = "/own2/own2.db";
    primaryFs().mkdirs(new Path("/own2"));
    primaryFs().allowSnapshot(new Path("/own2"));
    createDatabase("own2", dir);
    east.rpc().create_table(table("own2", "t", dir + "/t", true, List.of("seq"), "id:bigint"));
    east.rpc().create_table(table("own2", "keep", dir + "/keep", true, List.of(), "id:bigint"));
    cp().putGroup(hiveGroup("own2", new HiveTable("own2", "t"), new HiveTable("own2", "keep")));
    runOk("own2");

    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger ops = new java.util.concurrent.atomic.AtomicInteger();
    Thread writer = new Thread(() -> {
      try {
        IMetaStoreClient client = plainClient(sandbox.primary().metastoreUri());
        try {
          for (int n = 0; !stop.get(); n++) {
            if (n % 3 == 2) {
              // An external table: dropped without its files, created again over them (as a DROP TABLE and a
              // CREATE EXTERNAL TABLE ... LOCATION do).
              client.dropTable("own2", "t", false, false);
              client.createTable(table("own2", "t", dir + "/t", true, List.of("seq"), "id:bigint"));
            } else {
              String part = dir + "/t/seq=" + n;
              Trees.write(primaryFs(), part + "/000000_0", n + "\n");
              client.add_partition(new Partition(List.of(String.valueOf(n)), "own2", "t", 0, 0,
                  sd(eastUri(part), "id:bigint"), new HashMap<>()));
            }
            ops.incrementAndGet();
          }
        } finally {
          client.close();
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "own-table-writer");
    writer.setDaemon(true);
    writer.start();
    List<String> failed = new ArrayList<>();
    int absent = 0;
    try {
      Waits.until(Duration.ofSeconds(30), () -> ops.get() >= 10 || failure.get() != null, () -> ops + " operations");
      for (int i = 0; i < 8; i++) {
        Run run = cp().runNow(GroupName.of("own2"));
        if (run.state() != RunState.SUCCEEDED) {
          failed.add(run.id() + ": " + run.error());
        } else if (run.report().notes().stream().anyMatch(n -> n.contains("is absent on the primary"))) {
          absent++;
        }
      }
    } finally {
      stop.set(true);
      writer.join(60_000);
    }
    assertThat(writer.isAlive()).as("writer stopped").isFalse();
    assertThat(failure.get()).as("writer").isNull();
    assertThat(failed).as("failed runs (%d found the table absent)", absent).isEmpty();

    runOk("own2");
    IMetaStoreClient primary = plainClient(sandbox.primary().metastoreUri());
    IMetaStoreClient secondary = plainClient(sandbox.secondary().metastoreUri());
    try {
      assertThat(secondary.getTables("own2", "*")).containsExactlyInAnyOrderElementsOf(primary.getTables("own2", "*"));
      assertThat(secondary.listPartitionNames("own2", "t", (short) -1))
          .isEqualTo(primary.listPartitionNames("own2", "t", (short) -1));
    } finally {
      primary.close();
      secondary.close();
    }
    assertSameTables("own2");
  }

  /**
   * Statistics of a table that another client dropped after it was read: none, and no failure (its drop is in
   * the events the run replays, or comes after the cut).
   */
  @Test
  void readsOfATableDroppedMeanwhileFindNothing() throws Exception {
    createDatabase("gone1", "/gone/gone1.db");
    east.rpc().create_table(table("gone1", "p", "/gone/gone1.db/p", true, List.of("seq"), "id:bigint"));
    east.rpc().create_table(table("gone1", "u", "/gone/gone1.db/u", true, List.of(), "id:bigint"));
    HiveImage.TableImage p = new HiveImage.TableImage(getTable(east, "gone1", "p"));
    p.partitions().put("seq=1", new Partition());
    HiveImage.TableImage u = new HiveImage.TableImage(getTable(east, "gone1", "u"));
    east.rpc().drop_table("gone1", "p", false);
    east.rpc().drop_table("gone1", "u", false);

    HmsColumnStatistics.read(east, p);
    HmsColumnStatistics.read(east, u);
    assertThat(p.partitionStatistics()).isEmpty();
    assertThat(u.statistics()).isNull();
  }

  /** The oldest index k >= from such that the writer's first k operations lead to {@code want}, or -1. */
  private static int firstPrefix(Map<String, Set<String>> initial, List<Op> ops, int from,
      Map<String, Set<String>> want) {
    Map<String, Set<String>> state = apply(initial, ops, from);
    for (int k = from; ; k++) {
      if (state.equals(want)) {
        return k;
      }
      if (k == ops.size()) {
        return -1;
      }
      step(state, ops.get(k));
    }
  }

  private static Map<String, Set<String>> apply(Map<String, Set<String>> initial, List<Op> ops, int n) {
    Map<String, Set<String>> state = new TreeMap<>();
    initial.forEach((k, v) -> state.put(k, new TreeSet<>(v)));
    for (int i = 0; i < n; i++) {
      step(state, ops.get(i));
    }
    return state;
  }

  private static void step(Map<String, Set<String>> state, Op op) {
    switch (op.kind()) {
      case "create" -> state.put(op.table(), new TreeSet<>());
      case "drop" -> state.remove(op.table());
      case "add" -> state.get(op.table()).add(op.partition());
      case "dropPartition" -> state.get(op.table()).remove(op.partition());
      default -> throw new IllegalStateException(op.toString());
    }
  }

  /** Table {@code db.name} to partition names, of the protected tables, as a plain metastore client lists them. */
  private static Map<String, Set<String>> state(IMetaStoreClient client) throws Exception {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String db : List.of("one1", "two1")) {
      for (String name : client.getAllTables(db)) {
        if (db.equals("one1") && !name.equals("t")) {
          continue;
        }
        out.put(db + "." + name, new TreeSet<>(client.listPartitionNames(db, name, (short) -1)));
      }
    }
    return out;
  }

  private static Map<String, Set<String>> primaryState() throws Exception {
    IMetaStoreClient client = plainClient(sandbox.primary().metastoreUri());
    try {
      return state(client);
    } finally {
      client.close();
    }
  }

  private static IMetaStoreClient plainClient(String uri) throws Exception {
    Configuration conf = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, uri);
    return new HiveMetaStoreClient(conf);
  }

  /** Every partition the secondary shows has its file in the secondary's copy, with the writer's content. */
  private static void assertPartitionFilesOnSecondary(IMetaStoreClient client) throws Exception {
    for (String key : List.of("one1.t", "two1.r")) {
      String[] dbTable = key.split("\\.");
      if (!client.tableExists(dbTable[0], dbTable[1])) {
        continue;
      }
      for (Partition p : client.listPartitions(dbTable[0], dbTable[1], (short) -1)) {
        assertThat(p.getSd().getLocation()).startsWith(sandbox.secondary().fileSystemUri());
        String file = new Path(p.getSd().getLocation()).toUri().getPath() + "/000000_0";
        assertThat(Trees.read(secondaryFs(), file)).as("file of %s/%s", key, p.getValues())
            .isEqualTo(p.getValues().get(0) + "\n");
      }
    }
  }

  /** Makes the next run read every protected object from the primary, as it does once a day. */
  private static void forceFullRead() {
    ImageStore images = new ImageStore(secondaryFs(), HadoopSiteConnections.METASTORE_IMAGES);
    GroupName group = GroupName.of("churn");
    secondaryRegistry().lastGoodCut(group).ifPresent(cut -> {
      HiveImage image = images.read(group, cut).orElseThrow();
      image.fullReadAt(image.fullReadAt() - Duration.ofHours(25).toMillis());
      images.write(group, cut, image);
    });
  }

  /**
   * The writer: partitions of one1.t added (files first) and the oldest dropped (then its files deleted);
   * partitions added to two1.r, which is dropped (then its directory deleted) and created again every 20
   * steps; two1.x created and dropped in turn. Every operation is logged before it is sent.
   */
  private static void write(List<Op> log, AtomicBoolean stop, AtomicReference<Throwable> failure) {
    try {
      IMetaStoreClient client = plainClient(sandbox.primary().metastoreUri());
      try {
        Deque<Integer> live = new ArrayDeque<>();
        boolean x = false;
        for (int n = 0; !stop.get(); n++) {
          addPartition(client, log, "one1", "t", n);
          live.add(n);
          if (live.size() > LIVE) {
            int old = live.poll();
            log.add(new Op("dropPartition", "one1.t", "seq=" + old));
            client.dropPartition("one1", "t", List.of(String.valueOf(old)), false);
            primaryFs().delete(new Path(ONE + "/t/seq=" + old), true);
          }
          if (n % 3 == 0) {
            addPartition(client, log, "two1", "r", n);
          }
          if (n % 20 == 19) {
            log.add(new Op("drop", "two1.r", null));
            client.dropTable("two1", "r", false, false);
            primaryFs().delete(new Path(TWO + "/r"), true);
            primaryFs().mkdirs(new Path(TWO + "/r"));
            log.add(new Op("create", "two1.r", null));
            client.createTable(table("two1", "r", TWO + "/r", true, List.of("seq"), "id:bigint"));
          }
          if (n % 8 == 7) {
            if (x) {
              log.add(new Op("drop", "two1.x", null));
              client.dropTable("two1", "x", false, false);
            } else {
              primaryFs().mkdirs(new Path(TWO + "/x"));
              log.add(new Op("create", "two1.x", null));
              client.createTable(table("two1", "x", TWO + "/x", true, List.of(), "id:bigint"));
            }
            x = !x;
          }
        }
      } finally {
        client.close();
      }
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Writes the partition's file, then adds the partition, as a Hive job does. */
  private static void addPartition(IMetaStoreClient client, List<Op> log, String db, String table, int n)
      throws Exception {
    String dir = (db.equals("one1") ? ONE : TWO) + "/" + table + "/seq=" + n;
    Trees.write(primaryFs(), dir + "/000000_0", n + "\n");
    StorageDescriptor sd = sd(eastUri(dir), "id:bigint");
    log.add(new Op("add", db + "." + table, "seq=" + n));
    client.add_partition(new Partition(List.of(String.valueOf(n)), db, table, 0, 0, sd, new HashMap<>()));
  }

  /** Waits (at most 30 s) until the writer has sent {@code n} operations. */
  private static void awaitOperations(List<Op> log, int n, AtomicReference<Throwable> failure) {
    Waits.until(Duration.ofSeconds(30), () -> log.size() >= n || failure.get() != null,
        () -> log.size() + " operations");
    assertThat(failure.get()).as("writer").isNull();
  }
}
