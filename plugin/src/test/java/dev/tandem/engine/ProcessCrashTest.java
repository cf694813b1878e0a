package dev.tandem.engine;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.hive.HmsClient;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxServerConf;
import dev.tandem.server.TandemProperties;
import dev.tandem.server.TandemServer;
import dev.tandem.testing.StallingServerMain;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real crashes: the sandbox's clusters (with Hive) run in this JVM ({@code tandem sandbox --clusters-only}'s
 * path), the primary's Tandem server in another, started from the configuration directory the sandbox writes.
 * Each case protects its own directory and a partitioned external table over it, commits a first cut, changes
 * files and partitions, then the server stalls the next run at one step ({@link StallingServerMain}) and the
 * test kills it with SIGKILL. It starts the server again as {@code tandem server} does (no interceptor), changes
 * the primary once more, and the next run must succeed with the secondary equal, read with the plain HDFS and
 * metastore clients, to the cut of the primary it committed. The dead server's run lock goes with its ZooKeeper
 * session; nothing else releases it.
 */
@RealComponents
class ProcessCrashTest {
  private static final ObjectMapper JSON = TandemServer.apiMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static File workDir;
  private static Sandbox sandbox;
  private static SandboxServerConf conf;
  private static Process server;

  @BeforeAll
  static void startClusters() throws IOException {
    workDir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "process-crash").toFile();
    sandbox = Sandbox.builder(workDir).hive(true).start().registerSites();
    int port = freePort();
    // The scheduler must not start runs of its own during the test: its first tick is an hour away. A killed
    // server's locks last its ZooKeeper session: a short one keeps each case from waiting out the default 15 s.
    conf = SandboxServerConf.write(sandbox, sandbox.primary(), new File(workDir, "conf"), port,
        Map.of(TandemProperties.SCHEDULER_TICK_SECONDS, "3600",
            TandemProperties.ZOOKEEPER_SESSION_TIMEOUT_MS, "6000"));
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    server = null;
  }

  @AfterAll
  static void stopClusters() {
    if (sandbox != null) {
      sandbox.close();
    }
    FileUtil.fullyDelete(workDir);
  }

  @ParameterizedTest(name = "killed {1} {0}")
  @CsvSource({"REPLICATE, after", "REPLICATE_METADATA, after", "VERIFY, before", "USER_DATA, after",
      "COMMIT, after"})
  void runAfterSigkillSucceedsWithSecondaryEqualToACut(RunStep step, String when) throws Exception {
    String group = ("k-" + step.name() + "-" + when).toLowerCase().replace('_', '-');
    GroupName name = GroupName.of(group);
    String root = "/crash/" + group;
    DistributedFileSystem primary = sandbox.primary().fs();
    for (int i = 0; i < 12; i++) {
      Trees.write(primary, root + "/d" + (i % 3) + "/f-" + i + ".csv", ("row," + i + "\n").repeat(1 + i * 50));
    }
    // A Hive table over the root, so that REPLICATE_METADATA has real work: partitions added around the crash.
    String db = "crash_" + step.ordinal();
    createTable(db, root);
    addPartition(db, root, "p1");
    File marker = new File(workDir, group + ".stalled");

    server = start(StallingServerMain.class.getName(), conf.dir().getPath(), marker.getPath(), step.name(), when);
    awaitUp();
    ensurePaired();
    JsonNode created = post("/api/v1/groups", groupBody(group, root, db));
    assertThat(created.path("name").asText()).as(created.toString()).isEqualTo(group);
    // A committed cut first, so that the killed run is an incremental one with a last good cut to come back to.
    Run first = awaitRun(name, post("/api/v1/groups/" + group + "/runs", null).path("id").asText());
    assertThat(first.state()).as("first run: %s (server log %s)", first.error(), log("server"))
        .isEqualTo(RunState.SUCCEEDED);
    Trees.write(primary, root + "/d0/before-crash.csv", "new,0\n");
    Trees.append(primary, root + "/d2/f-5.csv", "appended before the crash\n");
    primary.rename(new org.apache.hadoop.fs.Path(root + "/d1/f-4.csv"),
        new org.apache.hadoop.fs.Path(root + "/d1/f-4-renamed.csv"));

    addPartition(db, root, "p2");
    Files.writeString(new File(marker.getPath() + ".arm").toPath(), "armed");
    String crashedRun = post("/api/v1/groups/" + group + "/runs", null).path("id").asText();
    Waits.until(Duration.ofSeconds(120), () -> marker.isFile() || !server.isAlive(),
        () -> "run " + crashedRun + " never reached " + when + " " + step);
    assertThat(server.isAlive()).as("the server stalled at %s %s (see %s)", when, step, log("server")).isTrue();
    assertThat(Files.readString(marker.toPath())).startsWith(group + " " + when + " " + step);

    server.destroyForcibly();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.isAlive()).isFalse();
    assertThat(server.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    Run crashed = registry(sandbox.primary()).run(name, crashedRun).orElseThrow();
    assertThat(crashed.state()).as("the killed run's record").isEqualTo(RunState.RUNNING);
    // Only a run killed after its COMMIT moved the last good cut, in both registries (the secondary first).
    CutId expectedLastGood = step == RunStep.COMMIT && "after".equals(when) ? crashed.cut() : first.cut();
    assertThat(registry(sandbox.secondary()).lastGoodCut(name)).contains(expectedLastGood);
    assertThat(registry(sandbox.primary()).lastGoodCut(name)).contains(expectedLastGood);

    // The primary changes between the crash and the next run: the next cut has new work to carry.
    Trees.write(primary, root + "/d0/after-crash.csv", "new,1\n");
    Trees.append(primary, root + "/d1/f-1.csv", "appended\n");
    primary.delete(new org.apache.hadoop.fs.Path(root + "/d2/f-2.csv"), false);
    addPartition(db, root, "p3");

    server = start("dev.tandem.cli.TandemCli", "server", "--conf-dir", conf.dir().getPath());
    // The dead process's lock is released only when ZooKeeper expires its session.
    try (GroupLock.Held ignored = registry(sandbox.primary()).lock(name).acquire(Duration.ofSeconds(60))) {
      // free again
    }
    awaitUp();
    String runId = post("/api/v1/groups/" + group + "/runs", null).path("id").asText();
    Run run = awaitRun(name, runId);
    assertThat(run.state()).as("run %s after the crash: %s (notes %s; server log %s)", run.id(), run.error(),
        run.report().notes(), log("server")).isEqualTo(RunState.SUCCEEDED);

    if (!expectedLastGood.equals(crashed.cut())) {
      // the killed run's uncommitted cut is gone from both sites: the recovery discarded it
      String killed = root + "/.snapshot/" + crashed.cut().snapshotName(name);
      assertThat(run.report().notes()).anyMatch(n -> n.contains("Discarded uncommitted snapshots on east:" + root));
      if (step != RunStep.REPLICATE_METADATA || "after".equals(when)) {
        // the killed run had changed the secondary's copy: the recovery rolled it back to the last good cut
        assertThat(run.report().notes()).anyMatch(n -> n.startsWith("Rolled back") && n.contains("west:" + root));
      }
      boolean metastoreTouched = step.compareTo(RunStep.REPLICATE_METADATA) > 0
          || step == RunStep.REPLICATE_METADATA && "after".equals(when);
      if (metastoreTouched) {
        assertThat(run.report().notes()).anyMatch(n -> n.contains("metastore back to cut " + first.cut()));
      }
      assertThat(primary.exists(new org.apache.hadoop.fs.Path(killed))).isFalse();
      assertThat(sandbox.secondary().fs().exists(new org.apache.hadoop.fs.Path(killed))).isFalse();
    }
    assertThat(registry(sandbox.secondary()).lastGoodCut(name)).contains(run.cut());
    assertThat(registry(sandbox.primary()).lastGoodCut(name)).contains(run.cut());
    String snapshot = root + "/.snapshot/" + run.cut().snapshotName(name);
    Map<String, String> cut = Trees.describe(primary, snapshot);
    assertThat(cut).containsKeys("d0/before-crash.csv", "d0/after-crash.csv", "d1/f-4-renamed.csv")
        .doesNotContainKeys("d2/f-2.csv", "d1/f-4.csv");
    assertThat(Trees.describe(sandbox.secondary().fs(), snapshot)).isEqualTo(cut);
    assertThat(Trees.describe(sandbox.secondary().fs(), root)).isEqualTo(cut);
    Map<String, String> tables = partitions(sandbox.primary().metastoreUri(), sandbox.primary().fileSystemUri(), db);
    assertThat(tables).containsKeys("[p1]", "[p2]", "[p3]");
    assertThat(partitions(sandbox.secondary().metastoreUri(), sandbox.secondary().fileSystemUri(), db))
        .isEqualTo(tables);
  }

  // ------------------------------------------------------------------ Hive, as Hive's clients do it

  private static void createTable(String db, String root) throws Exception {
    String fs = sandbox.primary().fileSystemUri();
    sandbox.primary().fs().mkdirs(new org.apache.hadoop.fs.Path(root + "/db"));
    try (HmsClient hms = HmsClient.connect(sandbox.primary().metastoreUri(), 60_000)) {
      hms.rpc().create_database(new Database(db, "", fs + root + "/db", new HashMap<>()));
      Table t = new Table();
      t.setDbName(db);
      t.setTableName("t");
      t.setOwner("etl");
      t.setTableType("EXTERNAL_TABLE");
      t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
      t.setPartitionKeys(List.of(new FieldSchema("part", "string", "")));
      StorageDescriptor sd = new StorageDescriptor();
      sd.setCols(List.of(new FieldSchema("id", "int", ""), new FieldSchema("v", "string", "")));
      sd.setLocation(fs + root + "/t");
      sd.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
      sd.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
      sd.setSerdeInfo(new SerDeInfo("text", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
          new HashMap<>(Map.of("field.delim", ","))));
      sd.setParameters(new HashMap<>());
      t.setSd(sd);
      hms.rpc().create_table(t);
    }
  }

  /** The partition's file first, then the partition, as a Hive job does. */
  private static void addPartition(String db, String root, String value) throws Exception {
    Trees.write(sandbox.primary().fs(), root + "/t/part=" + value + "/000000_0", "1," + value + "\n");
    try (HmsClient hms = HmsClient.connect(sandbox.primary().metastoreUri(), 60_000)) {
      Table t = hms.rpc().get_table_req(new GetTableRequest(db, "t")).getTable();
      StorageDescriptor sd = t.getSd().deepCopy();
      sd.setLocation(t.getSd().getLocation() + "/part=" + value);
      hms.rpc().add_partitions(List.of(new Partition(List.of(value), db, "t", 0, 0, sd, new HashMap<>())));
    }
  }

  /** Partition values → location relative to the site's file system, read with a plain metastore client. */
  private static Map<String, String> partitions(String metastore, String fs, String db) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (HmsClient hms = HmsClient.connect(metastore, 60_000)) {
      Table t = hms.rpc().get_table_req(new GetTableRequest(db, "t")).getTable();
      out.put("table", t.getSd().getLocation().replace(fs, "") + " " + t.getSd().getCols());
      for (Partition p : hms.rpc().get_partitions(db, "t", (short) -1)) {
        out.put(p.getValues().toString(), p.getSd().getLocation().replace(fs, "") + " " + p.getSd().getCols());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ the server process

  /** A JVM with this test's class path and module openings (those of the surefire argLine) running {@code main}. */
  private static Process start(String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < jvm.size(); i++) {
      if (jvm.get(i).startsWith("--add-opens")) {
        cmd.add(jvm.get(i));
        if (jvm.get(i).equals("--add-opens") && i + 1 < jvm.size()) {
          cmd.add(jvm.get(++i));
        }
      }
    }
    // A short-lived server on a busy machine: quick start-up matters more than peak speed.
    cmd.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log("server")));
    // Only the sandbox's configuration, not a Hadoop client configuration of the machine running the test.
    pb.environment().put("HADOOP_CONF_DIR", conf.dir().getAbsolutePath());
    return pb.start();
  }

  private static void awaitUp() {
    Waits.until(Duration.ofSeconds(90), () -> {
      if (!server.isAlive()) {
        throw new AssertionError("server exited " + server.exitValue() + "; log " + log("server"));
      }
      return status("/api/v1/status") == 200;
    }, () -> "server not answering at " + conf.serverUri());
  }

  private static void ensurePaired() throws Exception {
    if (status("/api/v1/pairs/east--west") == 404) {
      post("/api/v1/pairs", Map.of("primary", Sandbox.PRIMARY, "secondary", Sandbox.SECONDARY));
    }
  }

  private static Run awaitRun(GroupName group, String runId) {
    Waits.until(Duration.ofSeconds(120), () -> registry(sandbox.primary()).run(group, runId)
        .map(r -> r.state().finished()).orElse(false), () -> "run " + runId + " did not end");
    return registry(sandbox.primary()).run(group, runId).orElseThrow();
  }

  private static Registry registry(dev.tandem.sandbox.SandboxSite site) {
    return sandbox.connections().open(site.site()).registry();
  }

  private static Map<String, Object> groupBody(String name, String root, String db) {
    return Map.of("name", name, "primary", Sandbox.PRIMARY, "secondary", Sandbox.SECONDARY,
        "dataSets", List.of(Map.of("kind", "hdfs", "path", root),
            Map.of("kind", "hive-table", "database", db, "table", "t")),
        "schedule", Map.of("backupMoment", "01:30", "periodicity", "4h", "zone", "UTC"),
        "retention", 5, "snapshots", "ENABLE_IF_MISSING");
  }

  // ------------------------------------------------------------------ HTTP

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(conf.serverUri() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((SandboxServerConf.USER + ":"
            + SandboxServerConf.PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("X-Requested-By", "process-crash-test");
  }

  private static int status(String path) {
    try {
      return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonNode post(String path, Object body) throws Exception {
    HttpRequest rq = request(path).header("Content-Type", "application/json")
        .POST(body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    HttpResponse<String> reply = HTTP.send(rq, HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as("POST %s: %s", path, reply.body()).isBetween(200, 299);
    return JSON.readTree(reply.body());
  }

  /** The servers' output, kept beside the test reports (the work directory goes at the end). */
  private static File log(String what) {
    return new File("target", "process-crash-" + what + ".log").getAbsoluteFile();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
