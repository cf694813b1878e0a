package dev.tandem.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.Cut;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveTable;
import dev.tandem.model.OpenFileCapture;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.testing.HiveSandboxTest;
import dev.tandem.testing.SandboxSettings;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream.SyncFlag;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.junit.jupiter.api.Test;

/**
 * A service that never stops for a backup, written with the plain HDFS and metastore clients only (no fence, no
 * Tandem library), on NameNodes whose snapshots do not freeze open files (HDFS's default, the harder case; {@code
 * OpenFilesTest} covers both settings): one writer creates, renames and deletes files in three directories under
 * one snapshot root, keeps logs open in two of them and appends to them (one with {@code hsync(UPDATE_LENGTH)},
 * one mostly with {@code hflush}; it is closed a third of the way through and a new one opened), and adds and
 * drops partitions of an external table there, while at least 30 runs follow each other. After every committed
 * run, the secondary (read with the plain clients) is the primary's state after some prefix of the writer's
 * operations, and each log there is an exact prefix of what was written to it, holds at least what the NameNode
 * knew of it before the run, and is whole once it was closed before the run; once the writer stops, one more run
 * makes both sites equal byte for byte.
 */
@SandboxSettings(captureOpenFiles = false)
class LiveWorkloadTest extends HiveSandboxTest {
  private static final String ROOT = "/wl";
  private static final String TABLE_DIR = ROOT + "/t";
  private static final int RUNS = 30;
  private static final int ROTATE_AT = RUNS / 3;

  /** What the writer has done so far: files (path relative to the root → content) and partition values. */
  private record State(Map<String, String> files, Set<String> partitions) {
    State copy() {
      return new State(new TreeMap<>(files), new TreeSet<>(partitions));
    }
  }

  /**
   * A file kept open and appended to, as a service's log is. Only the writer thread writes; the test thread reads
   * {@link #written()}, {@link #durable()} and {@link #closed()}. Each line is recorded before it is written, so
   * whatever a reader of the file can see is a prefix of the record; {@link #durable()} grows only once the
   * NameNode has acknowledged the length ({@code hsync(UPDATE_LENGTH)} or the close).
   */
  private static final class Log {
    final String path;
    private final HdfsDataOutputStream out;
    private final int updateLengthEvery;
    private final StringBuffer written = new StringBuffer();
    private final AtomicLong durable = new AtomicLong();
    private volatile boolean closed;
    private int lines;

    /** @param updateLengthEvery every how many lines to {@code hsync(UPDATE_LENGTH)}; the others are hflushed */
    Log(FileSystem fs, String path, int updateLengthEvery) throws IOException {
      this.path = path;
      this.out = (HdfsDataOutputStream) fs.create(new Path(ROOT + "/" + path));
      this.updateLengthEvery = updateLengthEvery;
    }

    void append(String line) throws IOException {
      written.append(line);
      out.write(line.getBytes(StandardCharsets.UTF_8));
      if (++lines % updateLengthEvery == 0) {
        out.hsync(EnumSet.of(SyncFlag.UPDATE_LENGTH));
        durable.set(written.length());
      } else {
        out.hflush();
      }
    }

    void close() throws IOException {
      out.close();
      durable.set(written.length());
      closed = true;
    }

    String written() {
      return written.toString();
    }

    long durable() {
      return durable.get();
    }

    boolean closed() {
      return closed;
    }
  }

  /** What a log was before a run started: the cut is taken after this, so its copy holds at least this. */
  private record Before(Log log, long durable, boolean closed) {}

  @Test
  void everyCommittedCutIsAPrefixOfTheWritersOperations() throws Exception {
    assertThat(sandbox.connections().open(sandbox.primary().site()).files().openFileCapture())
        .as("the primary's snapshots follow open files").isEqualTo(OpenFileCapture.LIVE);
    primaryFs().mkdirs(new Path(ROOT));
    primaryFs().allowSnapshot(new Path(ROOT));
    for (String d : List.of("a", "b", "c", "t")) {
      primaryFs().mkdirs(new Path(ROOT + "/" + d));
    }
    createDatabase("wl", ROOT + "/db");
    east.rpc().create_table(table("wl", "t", TABLE_DIR, true, List.of("seq"), "v:string"));
    GroupName group = GroupName.of("wl");
    cp().putGroup(hiveGroup("wl", HdfsDirectory.of(ROOT + "/a"), HdfsDirectory.of(ROOT + "/b"),
        HdfsDirectory.of(ROOT + "/c"), HdfsDirectory.of(TABLE_DIR), new HiveTable("wl", "t")));

    Configuration conf = new Configuration(sandbox.primary().conf());
    List<State> history = new ArrayList<>();
    history.add(new State(new TreeMap<>(), new TreeSet<>()));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean rotate = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Log> logs = new CopyOnWriteArrayList<>();
    List<Run> runs = new ArrayList<>();
    List<Integer> streamCopies = new ArrayList<>();
    try (FileSystem app = FileSystem.newInstance(URI.create(sandbox.primary().fileSystemUri()), conf)) {
      Configuration hms = new Configuration(false);
      MetastoreConf.setVar(hms, MetastoreConf.ConfVars.THRIFT_URIS, sandbox.primary().metastoreUri());
      HiveMetaStoreClient metastore = new HiveMetaStoreClient(hms);
      logs.add(new Log(app, "a/stream.log", 1));
      logs.add(new Log(app, "b/events.log", 4));
      Thread writer = new Thread(() -> {
        Random random = new Random(15);
        State state = history.get(0).copy();
        try {
          for (int i = 0; !stop.get(); i++) {
            if (rotate.compareAndSet(true, false)) {
              logs.get(1).close(); // open across the cuts so far, closed long after: the lost tail
              logs.add(new Log(app, "b/events-2.log", 4));
            }
            for (Log log : logs) {
              if (!log.closed()) {
                log.append("event " + i + " of " + log.path + "\n");
              }
            }
            operate(app, metastore, state, random, i);
            synchronized (history) {
              history.add(state.copy());
            }
            Thread.sleep(10);
          }
          for (Log log : logs) {
            if (!log.closed()) {
              log.close();
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "workload");
      writer.start();
      try {
        for (int r = 0; r < RUNS; r++) {
          if (r == ROTATE_AT) {
            rotate.set(true);
            Waits.until(Duration.ofSeconds(30), () -> logs.size() == 3 || failure.get() != null,
                () -> "the writer closes " + logs.get(1).path + " and opens another");
            assertThat(failure.get()).as("the writer").isNull();
          }
          List<Before> before = logs.stream().map(l -> new Before(l, l.durable(), l.closed())).toList();
          Run run = cp().runNow(group);
          assertThat(run.state()).as("run %d %s: %s (notes %s)", r, run.id(), run.error(), run.report().notes())
              .isEqualTo(RunState.SUCCEEDED);
          runs.add(run);
          String snapshot = run.cut().snapshotName(run.group());
          Map<String, String> files = contents(secondaryFs(), ROOT + "/.snapshot/" + snapshot);
          Map<String, String> logCopies = new TreeMap<>();
          for (Log log : logs) {
            String copy = files.remove(log.path);
            if (copy != null) {
              logCopies.put(log.path, copy);
            }
          }
          Set<String> partitions = partitionsOnSecondary();
          List<State> seen;
          synchronized (history) {
            seen = new ArrayList<>(history);
          }
          assertThat(matchesAPrefix(seen, files, partitions))
              .as("run %d: the secondary's cut %s is the primary's state after some prefix of the writer's"
                  + " operations (files %s, partitions %s)", r, run.cut(), files.keySet(), partitions)
              .isTrue();
          Cut committed = secondaryRegistry().cut(group, run.cut()).orElseThrow();
          streamCopies.add(logCopies.getOrDefault(logs.get(0).path, "").length());
          for (Before b : before) {
            checkLog(r, b, logCopies.get(b.log().path), snapshot, committed);
          }
          for (Log log : logs) {
            if (before.stream().noneMatch(b -> b.log() == log) && logCopies.containsKey(log.path)) {
              assertThat(log.written()).as("run %d: %s, opened during the run", r, log.path)
                  .startsWith(logCopies.get(log.path));
            }
          }
        }
      } finally {
        stop.set(true);
        writer.join(60_000);
        metastore.close();
      }
      assertThat(failure.get()).as("the writer").isNull();
      assertThat(writer.isAlive()).as("the writer stopped").isFalse();
    }
    Run last = runOk("wl");
    Map<String, String> onPrimary = contents(primaryFs(), ROOT);
    assertThat(contents(secondaryFs(), ROOT)).isEqualTo(onPrimary);
    assertThat(logs).hasSize(3);
    for (Log log : logs) {
      assertThat(onPrimary.get(log.path)).as(log.path).isEqualTo(log.written()).isNotEmpty();
    }
    assertThat(partitionsOnSecondary()).isEqualTo(history.get(history.size() - 1).partitions());
    assertThat(last.report().verification().ok()).isTrue();
    assertThat(runs).hasSize(RUNS);
    // Not vacuous: the log synced every line was copied longer from cut to cut while it stayed open.
    assertThat(streamCopies).as("lengths of %s in the secondary's cuts", logs.get(0).path).isSorted();
    assertThat(streamCopies.get(RUNS - 1)).isGreaterThan(streamCopies.get(0));
    assertThat(runs.stream().flatMap(r -> r.report().notes().stream()))
        .as("the runs said that their snapshots followed open files")
        .anyMatch(n -> n.contains("do not freeze open files") && n.contains(ROOT + "/a/stream.log"));
  }

  /**
   * What run {@code r}'s cut can hold of a log: where the NameNode's snapshots follow open files, the copy is
   * whatever length the primary's snapshot showed while it was copied, so an exact prefix of what was written (and
   * of the primary's snapshot now), at least what the NameNode knew before the run, and all of it once the log was
   * closed before the run. The committed cut lists a log still open as one to check again.
   */
  private static void checkLog(int r, Before b, String copy, String snapshot, Cut committed) throws IOException {
    String what = "run " + r + ": " + b.log().path + " on the secondary";
    assertThat(copy).as("%s (created before the run)", what).isNotNull();
    assertThat(b.log().written()).as("%s is a prefix of what was written", what).startsWith(copy);
    assertThat(Trees.read(primaryFs(), ROOT + "/.snapshot/" + snapshot + "/" + b.log().path))
        .as("%s is a prefix of the primary's snapshot", what).startsWith(copy);
    assertThat((long) copy.length()).as("%s holds what the NameNode knew before the run", what)
        .isGreaterThanOrEqualTo(b.durable());
    if (b.closed()) {
      assertThat(copy).as("%s, closed before the run, is whole", what).isEqualTo(b.log().written());
      assertThat(committed.openFiles().under(ROOT)).as("run %d: open files of the cut", r)
          .doesNotContain(b.log().path);
    } else if (!b.log().closed()) {
      assertThat(committed.openFiles().under(ROOT)).as("run %d: open files of the cut", r)
          .contains(b.log().path);
    }
  }

  /**
   * One operation of the writer: a file created (written and closed), renamed or deleted in one of the three
   * directories, or a partition added (its file first, as a Hive job does) or dropped (then its directory).
   */
  private static void operate(FileSystem fs, HiveMetaStoreClient metastore, State state, Random random, int i)
      throws Exception {
    List<String> plain = state.files().keySet().stream().filter(f -> !f.startsWith("t/")).toList();
    int kind = random.nextInt(10);
    if (kind < 4 || plain.size() < 3) {
      String path = List.of("a", "b", "c").get(random.nextInt(3)) + "/f-" + i;
      String content = ("file " + i + " ").repeat(1 + random.nextInt(20));
      try (FSDataOutputStream out = fs.create(new Path(ROOT + "/" + path))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      state.files().put(path, content);
    } else if (kind < 6) {
      String from = plain.get(random.nextInt(plain.size()));
      String to = List.of("a", "b", "c").get(random.nextInt(3)) + "/r-" + i;
      assertThat(fs.rename(new Path(ROOT + "/" + from), new Path(ROOT + "/" + to))).isTrue();
      state.files().put(to, state.files().remove(from));
    } else if (kind < 7) {
      String victim = plain.get(random.nextInt(plain.size()));
      assertThat(fs.delete(new Path(ROOT + "/" + victim), false)).isTrue();
      state.files().remove(victim);
    } else if (kind < 9 || state.partitions().size() < 2) {
      String value = Integer.toString(i);
      String file = "t/seq=" + value + "/000000_0";
      String content = "row " + i + "\n";
      try (FSDataOutputStream out = fs.create(new Path(ROOT + "/" + file))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      state.files().put(file, content);
      Table t = metastore.getTable("wl", "t");
      StorageDescriptor sd = t.getSd().deepCopy();
      sd.setLocation(t.getSd().getLocation() + "/seq=" + value);
      metastore.add_partition(new Partition(List.of(value), "wl", "t", 0, 0, sd, new HashMap<>()));
      state.partitions().add(value);
    } else {
      List<String> values = new ArrayList<>(state.partitions());
      String value = values.get(random.nextInt(values.size()));
      metastore.dropPartition("wl", "t", List.of(value), false);
      state.partitions().remove(value);
      assertThat(fs.delete(new Path(TABLE_DIR + "/seq=" + value), true)).isTrue();
      state.files().remove("t/seq=" + value + "/000000_0");
    }
  }

  /**
   * Whether some prefix's state equals what the secondary holds. A file the writer was creating at the cut may be
   * there already, as a prefix of what the next operation wrote (files are written in one call, then closed).
   */
  private static boolean matchesAPrefix(List<State> history, Map<String, String> files, Set<String> partitions) {
    for (int k = 0; k < history.size(); k++) {
      State s = history.get(k);
      if (!s.partitions().equals(partitions)) {
        continue;
      }
      if (s.files().equals(files)) {
        return true;
      }
      if (k + 1 < history.size()) {
        Map<String, String> next = history.get(k + 1).files();
        Map<String, String> extra = new TreeMap<>(files);
        extra.keySet().removeAll(s.files().keySet());
        Map<String, String> common = new TreeMap<>(files);
        common.keySet().retainAll(s.files().keySet());
        if (common.equals(s.files()) && extra.size() == 1) {
          var e = extra.entrySet().iterator().next();
          if (next.containsKey(e.getKey()) && next.get(e.getKey()).startsWith(e.getValue())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Set<String> partitionsOnSecondary() throws Exception {
    Set<String> values = new TreeSet<>();
    for (Partition p : west.rpc().get_partitions("wl", "t", (short) -1)) {
      values.add(p.getValues().get(0));
    }
    return values;
  }

  /** Every file below {@code base} (relative path → content), read with the plain client. */
  private static Map<String, String> contents(FileSystem fs, String base) throws IOException {
    Map<String, String> out = new TreeMap<>();
    walk(fs, new Path(base), "", out);
    out.keySet().removeIf(k -> k.startsWith("db/"));
    return out;
  }

  private static void walk(FileSystem fs, Path dir, String rel, Map<String, String> out) throws IOException {
    for (FileStatus st : fs.listStatus(dir)) {
      String name = rel.isEmpty() ? st.getPath().getName() : rel + "/" + st.getPath().getName();
      if (st.isDirectory()) {
        walk(fs, st.getPath(), name, out);
      } else {
        try (InputStream in = fs.open(st.getPath())) {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          in.transferTo(b);
          out.put(name, b.toString(StandardCharsets.UTF_8));
        }
      }
    }
  }
}
