package dev.tandem.engine;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.CopyMode;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.OpenFileCapture;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.testing.Trees;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream.SyncFlag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files open for write across cuts, written by plain HDFS clients that know nothing of Tandem, on NameNodes that
 * freeze open files in snapshots and on NameNodes that do not (the default of HDFS), copied directly and by DistCp.
 * Whatever the NameNode does, each committed cut holds on the secondary an exact prefix of every file still being
 * written, at least as long as the NameNode knew it before the run; where snapshots freeze it, exactly the
 * primary's snapshot of it, length and bytes. Once the writer closes the file the next run makes both sites
 * byte-equal.
 */
@RealComponents
class OpenFilesTest {

  /** DistCp jobs fail a file whose length changes under them: they must leave files being written alone. */
  @ParameterizedTest(name = "capture.openfiles={0}, copies by {1}")
  @CsvSource({"false, DIRECT", "false, DISTCP", "true, DIRECT", "true, DISTCP"})
  void filesOpenAcrossCutsEndEqual(boolean capture, CopyMethod method) throws Exception {
    File work = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "openfiles").toFile();
    try (Sandbox sandbox = Sandbox.builder(work).captureOpenFiles(capture)
        .directCopy(method == CopyMethod.DISTCP ? DirectCopyLimits.NEVER : DirectCopyLimits.ALWAYS)
        .start().registerSites()) {
      sandbox.controlPlane().pair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));
      assertThat(sandbox.connections().open(sandbox.primary().site()).files().openFileCapture())
          .isEqualTo(capture ? OpenFileCapture.FROZEN : OpenFileCapture.LIVE);
      String root = "/open/events";
      FileSystem tandemView = sandbox.primary().fs();
      Trees.write(tandemView, root + "/closed.txt", "closed before any cut");
      GroupName name = GroupName.of("open");
      sandbox.controlPlane().putGroup(new ProtectionGroup(name, new ClusterPair(SiteId.of(Sandbox.PRIMARY),
          SiteId.of(Sandbox.SECONDARY)), List.<DataSet>of(HdfsDirectory.of(root)), Schedule.parse("01:30", "4h",
          "UTC"), 10, SnapshotEnablement.ENABLE_IF_MISSING, true));

      // Plain clients of their own, as an application's would be: their leases are theirs, not Tandem's.
      Configuration conf = new Configuration(sandbox.primary().conf());
      try (FileSystem app = FileSystem.newInstance(URI.create(sandbox.primary().fileSystemUri()), conf);
          FileSystem creator = FileSystem.newInstance(URI.create(sandbox.primary().fileSystemUri()), conf)) {
        Path stream = new Path(root + "/logs/stream.log");
        HdfsDataOutputStream out = (HdfsDataOutputStream) app.create(stream);
        AtomicLong durable = new AtomicLong();
        long[] written = {0};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // One file kept open and appended to, every other line with hsync(UPDATE_LENGTH) so that the NameNode
        // knows a growing length (with hflush alone it keeps the length of the block's first flush, and a frozen
        // snapshot holds that); another writer creating, renaming and deleting small files meanwhile, so that a
        // full copy and later diffs meet files half written.
        Thread appender = writer("appender", stop, failure, i -> {
          byte[] line = ("line " + i + " " + "x".repeat(40) + "\n").getBytes(StandardCharsets.UTF_8);
          out.write(line);
          written[0] += line.length;
          if (i % 2 == 1) {
            out.hsync(EnumSet.of(SyncFlag.UPDATE_LENGTH));
            durable.set(written[0]);
          } else {
            out.hflush();
          }
        });
        Thread churn = writer("creator", stop, failure, i -> {
          Path p = new Path(root + "/batch/f-" + String.format("%06d", i));
          try (FSDataOutputStream o = creator.create(p)) {
            o.write(("file " + i + "\n").getBytes(StandardCharsets.UTF_8));
            o.hflush();
          }
          if (i % 5 == 4) {
            creator.rename(p, new Path(root + "/batch/renamed-" + i));
          }
          if (i % 7 == 6) {
            creator.delete(new Path(root + "/batch/f-" + String.format("%06d", i - 1)), false);
          }
        });
        // Open at the first cut, then closed (a new modification time that no diff lists) and moved, file and
        // directory, before the second: the diff only renames it, so it must still be copied again by name.
        FSDataOutputStream held = app.create(new Path(root + "/held/h.log"));
        held.write("held open across the first cut\n".getBytes(StandardCharsets.UTF_8));
        held.hflush();
        appender.start();
        churn.start();
        List<Run> runs = new ArrayList<>();
        Map<String, byte[]> frozen = new LinkedHashMap<>();
        try {
          for (int i = 0; i < 4; i++) {
            Thread.sleep(300);
            long known = durable.get();
            assertThat(known).as("bytes the NameNode knew before run %d", i).isPositive();
            Run run = runOk(sandbox, name);
            runs.add(run);
            if (i == 0) {
              Thread.sleep(5);
              held.close();
              app.rename(new Path(root + "/held/h.log"), new Path(root + "/held/closed.log"));
              app.rename(new Path(root + "/held"), new Path(root + "/held-closed"));
            } else if (i == 1) {
              assertThat(Trees.describe(sandbox.secondary().fs(), snapshotPath(root, run, "held-closed")))
                  .as("run 1: the file closed and renamed since the cut that saw it open")
                  .isEqualTo(Trees.describe(app, snapshotPath(root, run, "held-closed")))
                  .containsKey("closed.log");
            }
            String cutCopy = snapshotPath(root, run, "logs/stream.log");
            byte[] onSecondary = read(sandbox.secondary().fs(), cutCopy);
            assertThat((long) onSecondary.length).as("run %d: the cut holds what the NameNode knew before it", i)
                .isGreaterThanOrEqualTo(known);
            if (capture) {
              // The primary's snapshot froze a length: the secondary's copy of the cut is exactly that file.
              byte[] primarySnapshot = read(app, cutCopy);
              assertThat(onSecondary).as("run %d: the secondary's sealed copy of the primary's frozen snapshot", i)
                  .hasSameSizeAs(primarySnapshot).isEqualTo(primarySnapshot);
              frozen.put(cutCopy, onSecondary);
            } else {
              // The primary's snapshot follows the live file: the copy is an exact prefix of it, never other bytes.
              byte[] onPrimary = read(app, stream.toString());
              assertThat(onPrimary.length).isGreaterThanOrEqualTo(onSecondary.length);
              assertThat(Arrays.copyOf(onPrimary, onSecondary.length)).isEqualTo(onSecondary);
            }
          }
        } finally {
          stop.set(true);
          appender.join();
          churn.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(runs.get(0).report().mode()).isEqualTo(CopyMode.FULL);
        assertThat(runs.get(1).report().method()).isEqualTo(method);
        if (!capture) {
          assertThat(String.join("\n", runs.get(1).report().notes()))
              .contains("do not freeze open files").contains(root + "/logs/stream.log");
        }
        out.close(); // the writer finishes long after the cuts that saw it open

        Run afterClose = runOk(sandbox, name);
        Run settled = runOk(sandbox, name);
        for (Run run : List.of(afterClose, settled)) {
          assertThat(Trees.describe(sandbox.secondary().fs(), root))
              .as("secondary after run %s", run.id())
              .isEqualTo(Trees.describe(app, root));
        }
        assertThat(read(sandbox.secondary().fs(), stream.toString())).isEqualTo(read(app, stream.toString()));
        assertThat(settled.report().notes()).noneMatch(n -> n.contains("open for write"));
        // Frozen means frozen: long after the close, each cut's snapshot on both sites still has the bytes it had.
        for (var e : frozen.entrySet()) {
          assertThat(read(app, e.getKey())).as("the primary's %s", e.getKey()).isEqualTo(e.getValue());
          assertThat(read(sandbox.secondary().fs(), e.getKey())).as("the secondary's %s", e.getKey())
              .isEqualTo(e.getValue());
          assertThat(e.getValue().length).isLessThan(read(app, stream.toString()).length);
        }
        assertThat(frozen).hasSize(capture ? 4 : 0);
      }
    } finally {
      FileUtil.fullyDelete(work);
    }
  }

  private interface Step {
    void run(int i) throws Exception;
  }

  private static Thread writer(String name, AtomicBoolean stop, AtomicReference<Throwable> failure, Step step) {
    Thread t = new Thread(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          step.run(i);
          Thread.sleep(20);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, name);
    t.setDaemon(true);
    return t;
  }

  private static Run runOk(Sandbox sandbox, GroupName name) {
    Run run = sandbox.controlPlane().runNow(name);
    assertThat(run.state()).as("run %s: %s (notes %s)", run.id(), run.error(), run.report().notes())
        .isEqualTo(RunState.SUCCEEDED);
    return run;
  }

  private static String snapshotPath(String root, Run run, String rel) {
    return root + "/.snapshot/" + run.cut().snapshotName(run.group()) + "/" + rel;
  }

  private static byte[] read(FileSystem fs, String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    }
  }
}
