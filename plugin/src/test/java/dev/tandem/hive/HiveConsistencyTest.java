package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.WriterFence;
import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.Run;
import dev.tandem.testing.HiveSandboxTest;
import dev.tandem.testing.Trees;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/**
 * Cuts taken while writers keep adding partitions: the secondary never shows a partition whose files are
 * missing, nor (for a writer that announces its writes) files without their partition.
 */
class HiveConsistencyTest extends HiveSandboxTest {
  private static final String DB = "/stream/stream.db";
  private static final int MAX_PARTITIONS = 400;

  @Test
  void cutsTakenWhileWritersAddPartitionsAreConsistent() throws Exception {
    createDatabase("stream", DB);
    east.rpc().create_table(table("stream", "events", DB + "/events", true, List.of("dt"), "id:bigint"));
    east.rpc().create_table(table("stream", "raw", DB + "/raw", true, List.of("dt"), "id:bigint"));
    cp().putGroup(hiveGroup("stream", new HiveDatabase("stream")));
    runOk("stream");

    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger announced = new AtomicInteger();
    AtomicInteger plain = new AtomicInteger();
    WriterFence.Writers writers = primaryRegistry().writers(GroupName.of("stream"));
    // Announces each write (files, then partition) to the group's fence, as Tandem's client library does.
    Thread cooperative = writer("events", stop, failure, announced, () -> writers.begin(Duration.ofSeconds(30)));
    // Knows nothing of Tandem: only the metastore listener holds its partitions during a cut.
    Thread unaware = writer("raw", stop, failure, plain, () -> () -> { });
    cooperative.start();
    unaware.start();
    try {
      for (int i = 0; i < 3; i++) {
        int before = announced.get() + plain.get();
        Run run = runOk("stream");
        assertThat(run.report().metadata().ok()).isTrue();
        assertConsistent("events", true);
        assertConsistent("raw", false);
        awaitProgress(announced, plain, before + 10, failure);
      }
    } finally {
      stop.set(true);
      cooperative.join(30_000);
      unaware.join(30_000);
    }
    assertThat(failure.get()).isNull();
    Run last = runOk("stream");
    assertThat(last.report().metadata().partitionsCompared()).isEqualTo(announced.get() + plain.get());
    assertSameTables("stream");
  }

  /** Waits (at most 30 s) until the writers have added {@code target} partitions in all, so each cut has news. */
  private static void awaitProgress(AtomicInteger a, AtomicInteger b, int target, AtomicReference<Throwable> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (a.get() + b.get() < target && failure.get() == null) {
      long left = deadline - System.nanoTime();
      assertThat(left).as("writers stalled at %d partitions", a.get() + b.get()).isPositive();
      PROGRESS.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    assertThat(failure.get()).isNull();
  }

  private static final java.util.concurrent.BlockingQueue<Integer> PROGRESS =
      new java.util.concurrent.LinkedBlockingQueue<>();

  /**
   * Every partition the secondary's metastore shows has its file on the secondary; with {@code both}, every
   * partition directory on the secondary has its partition as well.
   */
  private static void assertConsistent(String table, boolean both) throws Exception {
    Set<String> partitions = new TreeSet<>();
    for (Partition p : west.rpc().get_partitions("stream", table, (short) -1)) {
      String path = new Path(p.getSd().getLocation()).toUri().getPath();
      assertThat(secondaryFs().exists(new Path(path + "/000000_0")))
          .as("file of partition %s of %s on the secondary", p.getValues(), table).isTrue();
      assertThat(Trees.read(secondaryFs(), path + "/000000_0")).isEqualTo(p.getValues().get(0) + "\n");
      partitions.add("dt=" + p.getValues().get(0));
    }
    if (both) {
      Set<String> dirs = new TreeSet<>();
      for (FileStatus st : secondaryFs().listStatus(new Path(DB + "/" + table))) {
        dirs.add(st.getPath().getName());
      }
      assertThat(dirs).as("partition directories of %s on the secondary", table).isEqualTo(partitions);
    }
  }

  private interface Begin {
    WriterFence.Write begin();
  }

  private static Thread writer(String table, AtomicBoolean stop, AtomicReference<Throwable> failure,
      AtomicInteger done, Begin begin) {
    Thread t = new Thread(() -> {
      try (HmsClient client = HmsClient.connect(sandbox.primary().metastoreUri(), 60_000)) {
        Table tbl = client.rpc().get_table_req(new org.apache.hadoop.hive.metastore.api.GetTableRequest("stream",
            table)).getTable();
        for (int n = 0; n < MAX_PARTITIONS && !stop.get(); n++) {
          String value = table + n;
          String location = tbl.getSd().getLocation() + "/dt=" + value;
          try (WriterFence.Write w = begin.begin()) {
            Trees.write(primaryFs(), new Path(location).toUri().getPath() + "/000000_0", value + "\n");
            StorageDescriptor sd = tbl.getSd().deepCopy();
            sd.setLocation(location);
            client.rpc().add_partitions(List.of(new Partition(List.of(value), "stream", table, 0, 0, sd,
                new HashMap<>())));
          }
          PROGRESS.offer(done.incrementAndGet());
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "writer-" + table);
    t.setDaemon(true);
    return t;
  }
}
