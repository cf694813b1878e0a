package dev.tandem.bench;

import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.CopyMode;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.ScrubReport;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.StepTiming;
import dev.tandem.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.tools.DistCp;
import org.apache.hadoop.tools.DistCpOptions;

/**
 * Tandem's runs against plain DistCp on the same tree, in the same process and sandbox:
 * <ol>
 *   <li>full copy: {@code distcp -update src dst} vs Tandem's first run (cut, copy, verify, commit);</li>
 *   <li>1 % of the files change;</li>
 *   <li>incremental: {@code distcp -update src dst} again vs Tandem's next run.</li>
 * </ol>
 * Prints both times and their ratio (baseline / Tandem: above 1 means Tandem is faster).
 *
 * <p>Usage: {@code bench/run ReplicationBench [--files N] [--change-percent P] [--skip-full] [--work-dir DIR]}
 *
 * <p>{@code --skip-full} measures only the incremental runs, for large N where a full DistCp takes many
 * minutes: the baseline's target is seeded by writing the same files on the secondary, Tandem's first run by
 * in-process copy; neither is timed.
 */
public final class ReplicationBench {
  private static final String SOURCE = "/bench/data";
  private static final String BASELINE_TARGET = "/baseline/data";

  private final int files;
  private final double changePercent;
  private final File workDir;
  private final boolean skipFull;

  private ReplicationBench(int files, double changePercent, File workDir, boolean skipFull) {
    this.files = files;
    this.changePercent = changePercent;
    this.workDir = workDir;
    this.skipFull = skipFull;
  }

  public static void main(String[] args) throws Exception {
    int files = 20_000;
    double change = 1.0;
    File work = null;
    boolean skipFull = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--change-percent" -> change = Double.parseDouble(args[++i]);
        case "--work-dir" -> work = new File(args[++i]);
        case "--skip-full" -> skipFull = true;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + " (use --files N, --change-percent P, --skip-full, --work-dir DIR)");
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("tandem-bench").toFile();
    }
    new ReplicationBench(files, change, work, skipFull).run();
    System.exit(0);
  }

  private void run() throws Exception {
    FileUtil.fullyDelete(workDir);
    try (Sandbox sandbox = Sandbox.builder(workDir).start().registerSites()) {
      DistributedFileSystem src = sandbox.primary().fs();
      long t0 = System.nanoTime();
      createTree(src, SOURCE, files);
      if (skipFull) {
        createTree(sandbox.secondary().fs(), BASELINE_TARGET, files);
      }
      System.out.printf("tree: %d files of 1 KiB in %d directories, created in %.1f s%n", files, dirs(files),
          secs(System.nanoTime() - t0));

      var pair = sandbox.controlPlane().pair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));
      sandbox.controlPlane().putGroup(new ProtectionGroup(GroupName.of("bench"), pair,
          List.<DataSet>of(HdfsDirectory.of(SOURCE)), Schedule.parse("00:00", "1h", "UTC"), 3,
          SnapshotEnablement.ENABLE_IF_MISSING, true));
      Configuration jobConf = new Configuration(sandbox.primary().conf());
      jobConf.set("mapreduce.framework.name", "local");
      jobConf.set("hadoop.tmp.dir", new File(workDir, "baseline-jobs").getAbsolutePath());
      String dst = sandbox.secondary().fileSystemUri() + BASELINE_TARGET;
      String from = sandbox.primary().fileSystemUri() + SOURCE;

      long baseFull = skipFull ? 0 : time(() -> distcpUpdate(jobConf, from, dst));
      if (skipFull) {
        sandbox.connections().directCopyLimits(DirectCopyLimits.ALWAYS);
      }
      Run full = sandbox.controlPlane().runNow(GroupName.of("bench"));
      sandbox.connections().directCopyLimits(DirectCopyLimits.DEFAULT);
      check(full, CopyMode.FULL);
      long tandemFull = Duration.between(full.startedAt(), full.endedAt()).toNanos();
      // The next run's scrub slice is compared as soon as this run commits (between runs, as on a real schedule);
      // nothing is timed beside it, neither the baseline nor the next run.
      long aheadWait = time(() -> {
        if (!sandbox.controlPlane().awaitScrubAhead(GroupName.of("bench"), Duration.ofHours(1))) {
          throw new IllegalStateException("the scrub between runs did not finish within an hour");
        }
      });

      int changed = (int) Math.max(1, Math.round(files * changePercent / 100));
      changeFiles(src, changed);

      long baseInc = time(() -> distcpUpdate(jobConf, from, dst));
      Run inc = sandbox.controlPlane().runNow(GroupName.of("bench"));
      check(inc, CopyMode.INCREMENTAL);
      long tandemInc = Duration.between(inc.startedAt(), inc.endedAt()).toNanos();

      Runtime rt = Runtime.getRuntime();
      System.out.println();
      System.out.printf("%-44s %10s %10s %8s%n", "N = " + files + " files, " + changed + " changed", "baseline",
          "tandem", "ratio");
      if (!skipFull) {
        System.out.printf("%-44s %9.2fs %9.2fs %7.2fx%n", "full copy (distcp -update vs first run)",
            secs(baseFull), secs(tandemFull), (double) baseFull / tandemFull);
      }
      System.out.printf("%-44s %9.2fs %9.2fs %7.2fx%n", "incremental (distcp -update vs next run)", secs(baseInc),
          secs(tandemInc), (double) baseInc / tandemInc);
      ScrubReport scrub = inc.report().scrub();
      System.out.printf("%-44s %10s %9.2fs %7.1f%% of the incremental run (%d files compared in %.2f s %s; "
              + "the bench waited %.2f s for it after the first run)%n", "  of which the scrub (continuous verification)",
          "", secs(scrub.waited().toNanos()), 100.0 * scrub.waited().toNanos() / tandemInc, scrub.filesCompared(),
          secs(scrub.took().toNanos()), scrub.betweenRuns() ? "between runs" : "beside the copy", secs(aheadWait));
      System.out.printf("full run steps:        %s%n", steps(full));
      System.out.printf("incremental run steps: %s%n", steps(inc));
      System.out.printf("incremental run: %s by %s, %d files / %d bytes copied, %d checksums verified, "
              + "consistency window %.1f ms%n", inc.report().mode(), inc.report().method(),
          inc.report().filesCopied(), inc.report().bytesCopied(), inc.report().verification().checksumsCompared(),
          inc.report().consistencyWindow().toNanos() / 1e6);
      System.out.printf("heap used at end: %d MiB of %d MiB max%n", (rt.totalMemory() - rt.freeMemory()) >> 20,
          rt.maxMemory() >> 20);
    } finally {
      FileUtil.fullyDelete(workDir);
    }
  }

  private static int dirs(int files) {
    return (files + 99) / 100;
  }

  /** 100 files per directory, written by several threads: file creation, not copying, dominates set-up. */
  private static void createTree(DistributedFileSystem fs, String root, int files) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int d = 0; d < dirs(files); d++) {
        int dir = d;
        futures.add(pool.submit(() -> {
          byte[] content = new byte[1024]; // per task: the same path gets the same bytes on both sites
          for (int f = dir * 100; f < Math.min(files, (dir + 1) * 100); f++) {
            content[0] = (byte) f;
            write(fs, path(root, f), content);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String path(int file) {
    return path(SOURCE, file);
  }

  private static String path(String root, int file) {
    return String.format("%s/dir-%04d/file-%06d", root, file / 100, file);
  }

  /** Appends two bytes to {@code changed} files spread evenly over the whole tree. */
  private void changeFiles(DistributedFileSystem fs, int changed) throws IOException {
    int step = Math.max(1, files / changed);
    for (int i = 0; i < changed; i++) {
      try (OutputStream out = fs.append(new Path(path(i * step)))) {
        out.write(new byte[] {(byte) i, (byte) (i >> 8)});
      }
    }
  }

  private static void write(DistributedFileSystem fs, String path, byte[] content) throws IOException {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(content);
    }
  }

  private static void distcpUpdate(Configuration conf, String from, String to) throws Exception {
    DistCpOptions options = new DistCpOptions.Builder(List.of(new Path(from)), new Path(to))
        .withSyncFolder(true).build();
    if (!new DistCp(new Configuration(conf), options).execute().isSuccessful()) {
      throw new IllegalStateException("baseline DistCp failed");
    }
  }

  private static void check(Run run, CopyMode expected) {
    if (run.state() != RunState.SUCCEEDED || run.report().mode() != expected) {
      throw new IllegalStateException("Tandem run " + run.id() + " " + run.state() + " " + run.report().mode()
          + ": " + run.error());
    }
  }

  private static String steps(Run run) {
    StringBuilder b = new StringBuilder();
    for (StepTiming s : run.steps()) {
      b.append(s.step().name().toLowerCase()).append('=').append(s.took().toMillis()).append("ms ");
    }
    return b.toString().trim();
  }

  private interface Timed {
    void run() throws Exception;
  }

  private static long time(Timed body) throws Exception {
    long t0 = System.nanoTime();
    body.run();
    return System.nanoTime() - t0;
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }
}
