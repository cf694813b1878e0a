package dev.tandem.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveTable;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.testing.HiveSandboxTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.junit.jupiter.api.Test;

/**
 * A service that never stops for a backup, written with the plain HDFS and metastore clients only (no fence, no
 * Tandem library): one writer creates, renames and deletes files in three directories under one snapshot root,
 * keeps a log file open and appends to it with hflush, and adds and drops partitions of an external table there,
 * while at least 30 runs follow each other. After every committed run, the secondary (read with the plain
 * clients) is the primary's state after some prefix of the writer's operations, and the open log is an exact
 * prefix of what was written to it; once the writer stops, one more run makes both sites equal byte for byte.
 */
class LiveWorkloadTest extends HiveSandboxTest {
  private static final String ROOT = "/wl";
  private static final String TABLE_DIR = ROOT + "/t";
  private static final String STREAM = "a/stream.log";
  private static final int RUNS = 30;

  /** What the writer has done so far: files (path relative to the root → content) and partition values. */
  private record State(Map<String, String> files, Set<String> partitions) {
    State copy() {
      return new State(new TreeMap<>(files), new TreeSet<>(partitions));
    }
  }

  @Test
  void everyCommittedCutIsAPrefixOfTheWritersOperations() throws Exception {
    primaryFs().mkdirs(new Path(ROOT));
    primaryFs().allowSnapshot(new Path(ROOT));
    for (String d : List.of("a", "b", "c", "t")) {
      primaryFs().mkdirs(new Path(ROOT + "/" + d));
    }
    createDatabase("wl", ROOT + "/db");
    east.rpc().create_table(table("wl", "t", TABLE_DIR, true, List.of("seq"), "v:string"));
    cp().putGroup(hiveGroup("wl", HdfsDirectory.of(ROOT + "/a"), HdfsDirectory.of(ROOT + "/b"),
        HdfsDirectory.of(ROOT + "/c"), HdfsDirectory.of(TABLE_DIR), new HiveTable("wl", "t")));

    Configuration conf = new Configuration(sandbox.primary().conf());
    List<State> history = new ArrayList<>();
    history.add(new State(new TreeMap<>(), new TreeSet<>()));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    StringBuilder streamWritten = new StringBuilder();
    List<Run> runs = new ArrayList<>();
    try (FileSystem app = FileSystem.newInstance(URI.create(sandbox.primary().fileSystemUri()), conf)) {
      Configuration hms = new Configuration(false);
      MetastoreConf.setVar(hms, MetastoreConf.ConfVars.THRIFT_URIS, sandbox.primary().metastoreUri());
      HiveMetaStoreClient metastore = new HiveMetaStoreClient(hms);
      FSDataOutputStream stream = app.create(new Path(ROOT + "/" + STREAM));
      Thread writer = new Thread(() -> {
        Random random = new Random(15);
        State state = history.get(0).copy();
        try {
          for (int i = 0; !stop.get(); i++) {
            String line = "event " + i + "\n";
            stream.write(line.getBytes(StandardCharsets.UTF_8));
            stream.hflush();
            streamWritten.append(line);
            operate(app, metastore, state, random, i);
            synchronized (history) {
              history.add(state.copy());
            }
            Thread.sleep(10);
          }
          stream.close();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "workload");
      writer.start();
      try {
        for (int r = 0; r < RUNS; r++) {
          Run run = cp().runNow(dev.tandem.model.GroupName.of("wl"));
          assertThat(run.state()).as("run %d %s: %s (notes %s)", r, run.id(), run.error(), run.report().notes())
              .isEqualTo(RunState.SUCCEEDED);
          runs.add(run);
          String sealed = ROOT + "/.snapshot/" + run.cut().snapshotName(run.group());
          Map<String, String> files = contents(secondaryFs(), sealed);
          String streamCopy = files.remove(STREAM);
          Set<String> partitions = partitionsOnSecondary();
          List<State> seen;
          synchronized (history) {
            seen = new ArrayList<>(history);
          }
          assertThat(matchesAPrefix(seen, files, partitions))
              .as("run %d: the secondary's cut %s is the primary's state after some prefix of the writer's"
                  + " operations (files %s, partitions %s)", r, run.cut(), files.keySet(), partitions)
              .isTrue();
          assertThat(streamWritten.toString()).as("run %d: the open log on the secondary", r)
              .startsWith(streamCopy == null ? "" : streamCopy);
        }
      } finally {
        stop.set(true);
        writer.join(60_000);
        metastore.close();
      }
      assertThat(failure.get()).as("the writer").isNull();
    }
    Run last = runOk("wl");
    assertThat(contents(secondaryFs(), ROOT)).isEqualTo(contents(primaryFs(), ROOT));
    assertThat(contents(secondaryFs(), ROOT).get(STREAM)).isEqualTo(streamWritten.toString());
    assertThat(partitionsOnSecondary()).isEqualTo(history.get(history.size() - 1).partitions());
    assertThat(last.report().verification().ok()).isTrue();
    assertThat(runs).hasSize(RUNS);
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
