package dev.tandem.bench;

import dev.tandem.arbiter.Arbiter;
import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.Health;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.hdfs.HdfsHealthProbe;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.model.Schedule;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.registry.ZkArbitrationStore;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxSite;
import dev.tandem.switchover.ReprotectReport;
import dev.tandem.switchover.SiteArbitration;
import dev.tandem.switchover.Switchover;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Failover time: the primary is killed (its server, NameNode and ZooKeeper at once) and the clock runs until the
 * secondary is active (its own role says so) and a file written there is closed. Each trial then brings the old
 * primary back, fails back (reverse replication from the last common cut) and switches back, so that every trial
 * starts from the same state. With {@code --drift}, a run is interrupted after copying just before each kill, so
 * that the promotion has a half-applied cut to roll back.
 *
 * <p>The grace period is the ZooKeeper session timeout: a registry connection blip shorter than a session never
 * triggers a failover. The goal is failover within session timeout + 5 s.
 *
 * <p>Usage: {@code bench/run FailoverBench [--trials K] [--files N] [--session-timeout SECONDS] [--drift]}
 */
public final class FailoverBench {
  private static final String ROOT = "/bench/failover";
  private static final GroupName GROUP = GroupName.of("failover");

  private final int trials;
  private final int files;
  private final Duration session;
  private final boolean drift;
  private final File workDir;
  private final AtomicBoolean tearNextRun = new AtomicBoolean();

  private FailoverBench(int trials, int files, Duration session, boolean drift, File workDir) {
    this.trials = trials;
    this.files = files;
    this.session = session;
    this.drift = drift;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    int trials = 3;
    int files = 2_000;
    Duration session = Duration.ofSeconds(10);
    boolean drift = false;
    File work = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[++i]);
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--session-timeout" -> session = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--drift" -> drift = true;
        case "--work-dir" -> work = new File(args[++i]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + " (use --trials K, --files N, --session-timeout SECONDS, --drift, --work-dir DIR)");
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("tandem-failover-bench").toFile();
    }
    new FailoverBench(trials, files, session, drift, work).run();
    System.exit(0);
  }

  private record Trial(Duration toActive, Duration toWritable, Duration detection, Duration promotion,
      Duration dataLoss, List<String> keptAs, long failbackBytes, long totalBytes) {}

  private void run() throws Exception {
    FileUtil.fullyDelete(workDir);
    StepInterceptor tear = new StepInterceptor() {
      @Override
      public void after(GroupName group, RunStep step) {
        if (step == RunStep.REPLICATE && tearNextRun.compareAndSet(true, false)) {
          throw new IllegalStateException("run interrupted after copying (bench)");
        }
      }
    };
    try (Sandbox sandbox = Sandbox.builder(workDir).interceptor(tear).start().registerSites()) {
      SiteId east = SiteId.of(Sandbox.PRIMARY);
      SiteId west = SiteId.of(Sandbox.SECONDARY);
      var pair = sandbox.controlPlane().pair(east, west);
      PairKey key = PairKey.of(pair);
      long t0 = System.nanoTime();
      createTree(sandbox.primary().fs());
      System.out.printf("tree: %d files of 4 KiB, created in %.1f s%n", files, secs(System.nanoTime() - t0));
      sandbox.controlPlane().putGroup(new ProtectionGroup(GROUP, pair, List.<DataSet>of(HdfsDirectory.of(ROOT)),
          Schedule.parse("00:00", "1h", "UTC"), 3, SnapshotEnablement.ENABLE_IF_MISSING, true));
      check(sandbox.controlPlane().runNow(GROUP));

      Duration heartbeat = Duration.ofSeconds(1);
      ArbitrationSettings settings = new ArbitrationSettings(true, session,
          session.minus(heartbeat.multipliedBy(3)).compareTo(heartbeat.multipliedBy(3)) < 0 ? heartbeat.multipliedBy(3)
              : session.minus(heartbeat.multipliedBy(3)), heartbeat);
      Map<SiteId, Site> sites = Map.of(east, sandbox.primary().site(), west, sandbox.secondary().site());
      List<ArbitrationStore> stores = new ArrayList<>();
      for (SiteId s : List.of(east, west)) {
        ZkArbitrationStore st = ZkArbitrationStore.connect(s, sites.get(s).registryConnect(), "/tandem", session,
            Duration.ofSeconds(2));
        st.awaitConnected(Duration.ofSeconds(10));
        st.putSettings(key, settings);
        stores.add(st);
      }
      SiteArbitration[] servers = {start(sandbox, sites, east, west, settings), start(sandbox, sites, west, east,
          settings)};
      Arbiter arbiter = new Arbiter("bench", key, stores, Clock.systemUTC(), settings);
      arbiter.start();
      Switchover ops = new Switchover(sandbox.connections(), sites::get, id -> id.equals(east) ? stores.get(0)
          : stores.get(1), Clock.systemUTC(), RunOptions.defaults(), RunListener.NONE, Duration.ofMinutes(5), "bench");
      System.out.printf("ZooKeeper session timeout %d s = grace period; lease %d s; heartbeat %d s; goal: failover "
          + "within %d s%n", session.toSeconds(), settings.lease().toSeconds(), heartbeat.toSeconds(),
          session.plusSeconds(5).toSeconds());
      List<Trial> results = new ArrayList<>();
      try {
        for (int i = 1; i <= trials; i++) {
          await(Duration.ofMinutes(2), () -> servers[0].agent().role() == Role.ACTIVE, "east active");
          Trial t = trial(sandbox, sites, servers, ops, key, settings);
          results.add(t);
          System.out.printf("trial %d: active after %.2f s, writable after %.2f s (detection %.2f s, promotion %.2f s);"
                  + " data-loss window %.1f s%s; failback copied %d of %d bytes%n", i, secs(t.toActive()),
              secs(t.toWritable()), secs(t.detection()), secs(t.promotion()), secs(t.dataLoss()),
              t.keptAs().isEmpty() ? "" : ", half-applied run rolled back (kept as " + t.keptAs() + ")",
              t.failbackBytes(), t.totalBytes());
        }
      } finally {
        arbiter.close();
        for (SiteArbitration s : servers) {
          s.close();
        }
        stores.forEach(ArbitrationStore::close);
      }
      Duration worst = results.stream().map(Trial::toWritable).max(Duration::compareTo).orElse(Duration.ZERO);
      double mean = results.stream().mapToLong(t -> t.toWritable().toNanos()).average().orElse(0) / 1e9;
      System.out.println();
      System.out.printf("failover (primary killed -> secondary active and writable), %d trial(s)%s:%n", results.size(),
          drift ? " with a half-applied run to roll back" : "");
      System.out.printf("  ZooKeeper session timeout %d s, grace %d s: mean %.2f s, worst %.2f s; goal <= %d s: %s%n",
          session.toSeconds(), session.toSeconds(), mean, secs(worst), session.plusSeconds(5).toSeconds(),
          worst.compareTo(session.plusSeconds(5)) <= 0 ? "met" : "MISSED");
    } finally {
      FileUtil.fullyDelete(workDir);
    }
  }

  private Trial trial(Sandbox sandbox, Map<SiteId, Site> sites, SiteArbitration[] servers, Switchover ops, PairKey key,
      ArbitrationSettings settings) throws Exception {
    DistributedFileSystem eastFs = sandbox.primary().fs();
    for (int i = 0; i < Math.max(1, files / 100); i++) {
      try (OutputStream out = eastFs.append(new Path(path(i * 97 % files)))) {
        out.write(new byte[] {(byte) i});
      }
    }
    check(sandbox.controlPlane().runNow(GROUP));
    if (drift) {
      try (OutputStream out = eastFs.create(new Path(ROOT + "/late-" + System.nanoTime()), true)) {
        out.write(new byte[4096]);
      }
      tearNextRun.set(true);
      Run torn = sandbox.controlPlane().runNow(GROUP);
      if (torn.state() != RunState.FAILED) {
        throw new IllegalStateException("the run meant to be interrupted was not: " + torn.state());
      }
    }
    Instant killedAt = Instant.now();
    long t0 = System.nanoTime();
    servers[0].close();
    sandbox.primary().stopNameNode();
    sandbox.primary().zookeeper().stop();
    await(session.plusMinutes(2), () -> servers[1].agent().role() == Role.ACTIVE, "west active");
    long active = System.nanoTime();
    try (OutputStream out = sandbox.secondary().fs().create(new Path(ROOT + "/written-after-failover-" + active),
        true)) {
      out.write(new byte[] {1});
    }
    long writable = System.nanoTime();
    SwitchReport report = ops.state(key).reports().get(0);
    Epoch epoch = ops.state(key).epoch().orElseThrow();
    Duration detection = Duration.between(killedAt, epoch.decidedAt());
    Duration promotion = Duration.between(epoch.decidedAt(), report.activeAt());
    SwitchReport.GroupOutcome g = report.groups().get(0);

    // Bring east back, reprotect and switch back for the next trial.
    sandbox.primary().zookeeper().restart();
    sandbox.primary().restartNameNode();
    servers[0] = start(sandbox, sites, SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY), settings);
    await(Duration.ofMinutes(2), () -> servers[0].agent().role() == Role.STANDBY
        && servers[0].agent().epoch().filter(e -> e.number() >= epoch.number()).isPresent(), "east demoted");
    ReprotectReport back = ops.failback(key, true);
    return new Trial(Duration.ofNanos(active - t0), Duration.ofNanos(writable - t0), detection, promotion,
        g.dataLoss() == null ? Duration.ZERO : g.dataLoss(), g.keptAs(), back.bytesCopied(), back.bytesTotal());
  }

  private static SiteArbitration start(Sandbox sandbox, Map<SiteId, Site> sites, SiteId self, SiteId peer,
      ArbitrationSettings settings) {
    SandboxSite s = self.value().equals(Sandbox.PRIMARY) ? sandbox.primary() : sandbox.secondary();
    Site site = sites.get(self);
    SiteArbitration a = SiteArbitration.builder(site, sites.get(peer), new dev.tandem.model.ClusterPair(
            SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY)), sandbox.connections())
        .health(HdfsHealthProbe.connect(site.fileSystemUri(), s.conf(), () -> Health.State.ABSENT))
        .settings(settings)
        .sessionTimeout(settings.grace())
        .connectionTimeout(Duration.ofSeconds(2))
        .build();
    a.start();
    return a;
  }

  private void createTree(DistributedFileSystem fs) throws Exception {
    byte[] content = new byte[4096];
    for (int f = 0; f < files; f++) {
      content[0] = (byte) f;
      try (OutputStream out = fs.create(new Path(path(f)), true)) {
        out.write(content);
      }
    }
  }

  private static String path(int file) {
    return String.format("%s/dir-%03d/file-%05d", ROOT, file / 100, file);
  }

  private static void check(Run run) {
    if (run.state() != RunState.SUCCEEDED) {
      throw new IllegalStateException("run " + run.id() + " failed: " + run.error());
    }
  }

  private static void await(Duration limit, java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("Not within " + limit.toSeconds() + " s: " + what);
      }
      Thread.sleep(10);
    }
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }

  private static double secs(Duration d) {
    return secs(d.toNanos());
  }
}
