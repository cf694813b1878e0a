package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.Role;
import dev.tandem.server.auth.UserStore;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: the management pack's SCRIPT alerts and its service check, run the way the Ambari agent runs them
 * ({@code python3 stack-definitions/src/test/python/ambari_agent.py}: load the script, resolve its tokens, call
 * {@code execute(configurations, parameters, host_name)}), against a real server over the two-site sandbox.
 *
 * <p>Lag is made deterministic without waiting: a group's run goes through a control plane whose clock is behind,
 * so its last good cut, and the lag the server reports, is that old from the start. Each test disables the groups
 * of the others first, because the alerts judge every enabled group of the site.
 *
 * <p>python3 is required: without it the class fails, naming what is missing (it is never skipped).
 */
class AmbariAlertScriptsTest extends SandboxTest {
  private static final Path AGENT = Path.of("..", "stack-definitions", "src", "test", "python", "ambari_agent.py")
      .toAbsolutePath().normalize();
  private static final String SECRET = "alert-s3cret-51c";
  private static final String WRONG_SECRET = "not-the-secret-93d";
  /** The sandbox server: authentication off, so the alerts' header pair is accepted as it comes. */
  private static TandemServer server;
  /** A server of the same site with basic authentication and a View secret, as the pack configures it. */
  private static TandemServer secured;
  /** West's server: with both sites' servers running arbitration, the pair's records make the arbiter NORMAL. */
  private static TandemServer westServer;
  private static Http http;
  private static final StringWriter LOG = new StringWriter();
  private static WriterAppender appender;

  @BeforeAll
  static void start() {
    requirePython3();
    appender = new WriterAppender(new PatternLayout("%p %c %m%n"), LOG);
    Logger.getRootLogger().addAppender(appender);
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null).build(true).start();
    http = new Http(server.uri()).csrf();
    secured = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null).instanceId("secured")
        .authenticator(new Authenticator(AuthMode.BASIC, UserStore.empty(), SECRET, Role.VIEWER, Clock.systemUTC()))
        .build(false).start();
    westServer = SandboxServer.builder(sandbox, sandbox.secondary(), 0).healthInterval(null).schedulerTick(null)
        .build(true).start();
  }

  @AfterAll
  static void stop() {
    for (TandemServer s : new TandemServer[] {westServer, server, secured}) {
      if (s != null) {
        s.close();
      }
    }
    Logger.getRootLogger().removeAppender(appender);
  }

  @Test
  void rpoWarnsBeforeTheFirstBackupAndIsOkAfterAGoodRun() throws Exception {
    createGroup("alerts-rpo", "/alerts-rpo/a");
    onlyEnabled("alerts-rpo");

    assertAlert("tandem_rpo", "WARNING", "RPO breached for 1 of 1 enabled protection groups: alerts-rpo: no backup yet");
    assertAlert("tandem_last_run", "OK", "No failed last run among 1 enabled protection groups (0 have run)");

    assertThat(runViaApi("alerts-rpo").path("state").asText()).isEqualTo("SUCCEEDED");
    assertAlert("tandem_rpo", "OK", "All 1 enabled protection groups within RPO; largest lag: ");
    assertAlert("tandem_last_run", "OK", "No failed last run among 1 enabled protection groups (1 have run)");
  }

  @Test
  void rpoIsWarningFromOneAndAHalfAndCriticalFromTwiceThePeriodicity() throws Exception {
    createGroup("alerts-late", "/alerts-late/a");
    createGroup("alerts-stale", "/alerts-stale/a");
    onlyEnabled("alerts-late");
    runAged("alerts-late", Duration.ofSeconds(92)); // 1.53x its 1-minute periodicity, 2x only in 28 s

    Alert warning = alert("tandem_rpo", Map.of());
    assertThat(warning.state()).as(warning.text()).isEqualTo("WARNING");
    assertThat(warning.text()).matches("RPO breached for 1 of 1 enabled protection groups: "
        + "alerts-late lag 1m \\d+s = 1\\.\\dx periodicity 1m 0s");

    onlyEnabled("alerts-late", "alerts-stale");
    runAged("alerts-stale", Duration.ofSeconds(150)); // 2.5x
    Alert critical = alert("tandem_rpo", Map.of());
    assertThat(critical.state()).as(critical.text()).isEqualTo("CRITICAL");
    assertThat(critical.text()).matches("RPO breached for 2 of 2 enabled protection groups: "
        + "alerts-stale lag 2m \\d+s = 2\\.\\dx periodicity 1m 0s; alerts-late lag 1m \\d+s = 1\\.\\dx .*");

    // The multipliers are the alert's parameters, as edited in Ambari.
    assertThat(alert("tandem_rpo", Map.of("rpo.warning.multiplier", 3, "rpo.critical.multiplier", 4)).state())
        .isEqualTo("OK");
  }

  @Test
  void lastRunIsCriticalAfterAFailedRunAndOkAfterAGoodOne() throws Exception {
    primaryFs().mkdirs(new org.apache.hadoop.fs.Path("/alerts-fail"));
    primaryFs().allowSnapshot(new org.apache.hadoop.fs.Path("/alerts-fail"));
    createGroup("alerts-fail", "/alerts-fail/a", "/alerts-fail/b");
    onlyEnabled("alerts-fail");
    assertThat(runViaApi("alerts-fail").path("state").asText()).isEqualTo("SUCCEEDED");

    primaryFs().delete(new org.apache.hadoop.fs.Path("/alerts-fail/b"), true);
    JsonNode failed = runViaApi("alerts-fail");
    assertThat(failed.path("state").asText()).isEqualTo("FAILED");
    assertAlert("tandem_last_run", "CRITICAL", "Last run failed for 1 of 1 enabled protection groups: alerts-fail "
        + "(run " + failed.path("id").asText() + ", ended ");
    assertThat(alert("tandem_last_run", Map.of()).text()).endsWith(failed.path("error").asText());

    Trees.write(primaryFs(), "/alerts-fail/b/part-0.csv", "a,b\n3,4\n");
    assertThat(runViaApi("alerts-fail").path("state").asText()).isEqualTo("SUCCEEDED");
    assertAlert("tandem_last_run", "OK", "No failed last run among 1 enabled protection groups (1 have run)");
  }

  @Test
  void peerAndArbiterAreOkWhileBothSitesAreUp() {
    server.refreshHealth();
    assertAlert("tandem_peer", "OK", "Peer site west reachable; last seen ");
    // The pair's epoch and each site's role, as its arbitration records hold them (no arbiter runs here).
    Waits.until(Duration.ofSeconds(60), () -> alert("tandem_arbiter", Map.of()).state().equals("OK"),
        () -> alert("tandem_arbiter", Map.of()).text());
    assertAlert("tandem_arbiter", "OK", "Arbiter NORMAL: pair east+west epoch 1: east ACTIVE, west STANDBY; "
        + "east active, protected by west; no arbiter verdict (site east, role PRIMARY)");
  }

  /** What the pack runs against: basic authentication, the View secret, and status not readable anonymously. */
  @Test
  void alertsAndServiceCheckAuthenticateWithTheViewSecretAndNeverShowIt() throws Exception {
    int port = secured.port();
    assertThat(new Http(secured.uri()).get("/api/v1/status").status()).as("status is not anonymous").isEqualTo(401);

    Alert ok = alert("tandem_peer", port, SECRET, Map.of());
    assertThat(ok.state()).as(ok.text()).isEqualTo("OK");
    assertThat(ok.tokens()).containsExactly("{{tandem-site/tandem.server.port}}", "{{tandem-site/tandem.view.secret}}",
        "{{tandem-site/tandem.server.tls.enabled}}", "{{tandem-site/tandem.server.tls.ca.file}}");

    Alert refused = alert("tandem_peer", port, WRONG_SECRET, Map.of());
    assertThat(refused.state()).isEqualTo("UNKNOWN");
    assertThat(refused.text()).contains("answered HTTP 401", "Missing or wrong X-Tandem-View-Secret")
        .doesNotContain(SECRET, WRONG_SECRET);

    JsonNode check = agent("service-check", Integer.toString(port), Http.JSON.writeValueAsString(Map.of(
        "tandem.view.secret", SECRET, "tandem.server.port", Integer.toString(port))));
    assertThat(check.path("returncode").asInt()).as(check.path("output").asText()).isZero();
    assertThat(check.path("output").asText()).contains("answered HTTP 200").doesNotContain(SECRET);
    JsonNode refusedCheck = agent("service-check", Integer.toString(port), Http.JSON.writeValueAsString(Map.of(
        "tandem.view.secret", WRONG_SECRET, "tandem.server.port", Integer.toString(port))));
    assertThat(refusedCheck.path("returncode").asInt()).isEqualTo(1);
    assertThat(refusedCheck.path("output").asText()).contains("answered HTTP 401")
        .doesNotContain(SECRET, WRONG_SECRET);

    assertThat(LOG.toString()).contains("Rejected a request naming view user 'ambari-alerts'")
        .doesNotContain(SECRET, WRONG_SECRET);
  }

  /**
   * Issue 21 G: the space kept cuts and drift snapshots hold, as the API reports it, is what HDFS itself counts
   * (read with the plain FileSystem: the root's ContentSummary and the snapshot paths' ones, which {@code hdfs dfs
   * -du} prints), on both sites; status, metrics and the tandem_snapshot_space alert show it.
   */
  @Test
  void snapshotSpaceIsWhatHdfsCountsForTheCutsAndDriftHeldBeyondTheLiveTree() throws Exception {
    String root = "/alerts-space/a";
    createGroup("alerts-space", root);
    onlyEnabled("alerts-space");
    Trees.write(primaryFs(), root + "/f1", new byte[1000]);
    String cut1 = snapshotOf("alerts-space", runViaApi("alerts-space"));
    // A stray file on the secondary: the next run rolls it back and keeps it in a drift snapshot there (with f1).
    Trees.write(secondaryFs(), root + "/stray", new byte[700]);
    Trees.write(primaryFs(), root + "/f3", new byte[5000]);
    String cut2 = snapshotOf("alerts-space", runViaApi("alerts-space"));
    primaryFs().delete(new org.apache.hadoop.fs.Path(root + "/f1"), false);
    primaryFs().delete(new org.apache.hadoop.fs.Path(root + "/f3"), false);
    String cut3 = snapshotOf("alerts-space", runViaApi("alerts-space"));
    String drift = java.util.Arrays.stream(secondaryFs().listStatus(new org.apache.hadoop.fs.Path(root + "/.snapshot")))
        .map(st -> st.getPath().getName()).filter(n -> n.startsWith("tandem-alerts-space-drift-")).findFirst()
        .orElseThrow(() -> new AssertionError("no drift snapshot kept on west"));

    Http.Reply reply = http.get("/api/v1/groups/alerts-space/space?refresh=true");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode space = reply.json();
    for (JsonNode site : space.path("sites")) {
      org.apache.hadoop.hdfs.DistributedFileSystem fs = site.path("role").asText().equals("PRIMARY") ? primaryFs()
          : secondaryFs();
      boolean secondary = site.path("role").asText().equals("SECONDARY");
      long f1 = du(fs, root + "/.snapshot/" + cut2 + "/f1");
      long f3 = du(fs, root + "/.snapshot/" + cut2 + "/f3");
      long stray = secondary ? du(fs, root + "/.snapshot/" + drift + "/stray") : 0;
      assertThat(f1).as("1000 bytes x replication").isGreaterThanOrEqualTo(1000);
      assertThat(site.path("cutsBytes").asLong()).as(site.toString()).isEqualTo(f1 + f3);
      assertThat(site.path("driftBytes").asLong()).as("the drift snapshot holds f1 and the stray file")
          .isEqualTo(secondary ? f1 + stray : 0);
      assertThat(site.path("snapshotsBytes").asLong()).as("HDFS's own count of what the root's snapshots hold")
          .isEqualTo(fs.getContentSummary(new org.apache.hadoop.fs.Path(root)).getSnapshotSpaceConsumed())
          .isEqualTo(f1 + f3 + stray);
      assertThat(site.path("capacityBytes").asLong()).isEqualTo(fs.getStatus().getCapacity());
      assertThat(site.path("complete").asBoolean()).isTrue();
      Map<String, long[]> held = new java.util.TreeMap<>();
      site.path("snapshots").forEach(h -> held.put(h.path("name").asText(),
          new long[] {h.path("heldBytes").asLong(), h.path("exclusiveBytes").asLong()}));
      assertThat(held.get(cut1)).as("cut 1 holds f1, which cut 2 holds too").containsExactly(f1, 0);
      assertThat(held.get(cut2)).as("cut 2 alone holds f3").containsExactly(f1 + f3, f3);
      assertThat(held.get(cut3)).as("cut 3 is the live tree").containsExactly(0, 0);
      if (secondary) {
        assertThat(held.get(drift)).as("the drift snapshot alone holds the stray file").containsExactly(f1 + stray,
            stray);
      }
      assertThat(held).as(site.toString()).hasSize(secondary ? 4 : 3);
    }
    assertThat(space.path("nextCutBytes").asLong()).as("the largest recent copy").isGreaterThanOrEqualTo(5000);
    assertThat(http.get("/api/v1/groups/alerts-space/space?refresh=yes").status()).isEqualTo(422);
    assertThat(http.get("/api/v1/groups/no-such-group/space").status()).isEqualTo(404);

    JsonNode status = http.get("/api/v1/status").json();
    JsonNode inStatus = java.util.stream.StreamSupport.stream(status.path("groups").spliterator(), false)
        .filter(g -> g.path("name").asText().equals("alerts-space")).findFirst().orElseThrow().path("space");
    assertThat(inStatus.path("sites").get(1).path("cutsBytes").asLong())
        .isEqualTo(space.path("sites").get(1).path("cutsBytes").asLong());
    assertThat(http.get("/metrics").body()).contains("tandem_snapshot_space_secondary_bytes{group=\"alerts-space\"} "
        + (space.path("sites").get(1).path("cutsBytes").asLong() + space.path("sites").get(1).path("driftBytes").asLong()));

    Http.Reply page = http.get("/ui/groups/alerts-space");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Snapshot space", drift, cut2);

    assertAlert("tandem_snapshot_space", "OK", "HDFS space sufficient on 1 secondary site(s): west ");
    assertThat(alert("tandem_snapshot_space", Map.of()).text()).contains("(groups alerts-space)");
    Alert lowShare = alert("tandem_snapshot_space", Map.of("space.warning.percent", 100));
    assertThat(lowShare.state()).as(lowShare.text()).isEqualTo("WARNING");
    assertThat(lowShare.text()).startsWith("HDFS space short on 1 of 1 secondary site(s): west ");
    Alert fewCuts = alert("tandem_snapshot_space", Map.of("space.warning.cuts", 1e12));
    assertThat(fewCuts.state()).as(fewCuts.text()).isEqualTo("WARNING");
    Alert critical = alert("tandem_snapshot_space", Map.of("space.critical.percent", 100, "space.warning.percent", 100));
    assertThat(critical.state()).as(critical.text()).isEqualTo("CRITICAL");
  }

  /** Issue 21 G: a run deletes drift snapshots older than tandem.drift.snapshot.retention (7 days) on both sites. */
  @Test
  void driftSnapshotsOlderThanTheirRetentionAreDeletedAndYoungerOnesKept() throws Exception {
    String root = "/alerts-drift/a";
    createGroup("alerts-drift", root);
    onlyEnabled("alerts-drift");
    assertThat(runViaApi("alerts-drift").path("state").asText()).isEqualTo("SUCCEEDED");
    GroupName group = GroupName.of("alerts-drift");
    java.time.Instant now = java.time.Instant.now();
    String old = dev.tandem.model.CutId.driftSnapshotName(group, now.minus(Duration.ofDays(8)));
    String young = dev.tandem.model.CutId.driftSnapshotName(group, now.minus(Duration.ofDays(6)));
    for (org.apache.hadoop.hdfs.DistributedFileSystem fs : List.of(primaryFs(), secondaryFs())) {
      fs.createSnapshot(new org.apache.hadoop.fs.Path(root), old);
      fs.createSnapshot(new org.apache.hadoop.fs.Path(root), young);
    }

    JsonNode run = runViaApi("alerts-drift");

    assertThat(run.path("state").asText()).isEqualTo("SUCCEEDED");
    for (org.apache.hadoop.hdfs.DistributedFileSystem fs : List.of(primaryFs(), secondaryFs())) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/.snapshot/" + old))).as(fs.getUri() + " " + old)
          .isFalse();
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/.snapshot/" + young))).as(fs.getUri() + " " + young)
          .isTrue();
    }
    assertThat(run.path("report").path("notes").toString()).contains("Deleted 2 drift snapshot(s) older than PT168H");
  }

  /** The snapshot name of a committed run's cut. */
  private static String snapshotOf(String group, JsonNode run) {
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    return "tandem-" + group + "-" + run.path("cut").asText();
  }

  /** What {@code hdfs dfs -du} prints as the disk space consumed by {@code path} (all replicas). */
  private static long du(org.apache.hadoop.fs.FileSystem fs, String path) throws IOException {
    return fs.getContentSummary(new org.apache.hadoop.fs.Path(path)).getSpaceConsumed();
  }

  // ---------------------------------------------------------------------------------------------- fixtures

  record Alert(String state, String text, List<String> tokens) {}

  private static void assertAlert(String name, String state, String textStart) {
    Alert a = alert(name, Map.of());
    assertThat(a.state()).as("%s: %s", name, a.text()).isEqualTo(state);
    assertThat(a.text()).startsWith(textStart);
  }

  /** Runs alert {@code name} against the sandbox server with the definition's parameters plus {@code overrides}. */
  private static Alert alert(String name, Map<String, Object> overrides) {
    return alert(name, server.port(), SECRET, overrides);
  }

  private static Alert alert(String name, int port, String secret, Map<String, Object> overrides) {
    try {
      String configurations = Http.JSON.writeValueAsString(Map.of("tandem-site", Map.of(
          "tandem.server.port", Integer.toString(port), "tandem.view.secret", secret)));
      JsonNode r = agent("alert", name, "127.0.0.1", configurations, Http.JSON.writeValueAsString(overrides));
      List<String> tokens = new ArrayList<>();
      r.path("tokens").forEach(t -> tokens.add(t.asText()));
      return new Alert(r.path("state").asText(), r.path("text").asText(), tokens);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code python3 ambari_agent.py args...}; its one line of JSON. */
  static JsonNode agent(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("python3", AGENT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ inside the pack's sources
    pb.environment().remove("PYTHONPATH");
    Path err = Files.createTempFile("ambari-agent", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ambari_agent.py ended").isTrue();
      String stderr = Files.readString(err);
      assertThat(p.exitValue()).as("ambari_agent.py %s failed: %s%s", args[0], out, stderr).isZero();
      return Http.JSON.readTree(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(err);
    }
  }

  private static void requirePython3() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("python3 --version failed: " + version);
      }
    } catch (IOException e) {
      throw new AssertionError("python3 is required to run the Ambari alert scripts against the server "
          + "(issue 7); install it and put it on the PATH: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(AGENT).as("the management pack's agent driver").isRegularFile();
  }

  /** Creates an enabled group with a 1-minute periodicity over {@code dirs} (written first) through the API. */
  private static void createGroup(String name, String... dirs) throws IOException {
    for (String d : dirs) {
      Trees.write(primaryFs(), d + "/part-0.csv", "a,b\n1,2\n");
    }
    Map<String, Object> body = Map.of("name", name, "primary", "east", "secondary", "west",
        "dataSets", java.util.Arrays.stream(dirs).map(d -> Map.of("kind", "hdfs", "path", d)).toList(),
        "schedule", Map.of("backupMoment", "00:00", "periodicity", "1m", "zone", "UTC"),
        "retention", 3, "snapshots", "ENABLE_IF_MISSING");
    Http.Reply created = http.post("/api/v1/groups", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  /** Enables exactly the groups {@code enabled} of the site: the alerts judge all enabled groups. */
  private static void onlyEnabled(String... enabled) {
    List<String> wanted = List.of(enabled);
    for (JsonNode g : http.get("/api/v1/groups").json()) {
      String name = g.path("name").asText();
      if (wanted.contains(name) != g.path("enabled").asBoolean()) {
        String action = wanted.contains(name) ? "enable" : "disable";
        Http.Reply reply = http.post("/api/v1/groups/" + name + "/" + action, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      }
    }
  }

  /** Starts a run through the API, as an operator would, and returns its final view (bounded wait). */
  private static JsonNode runViaApi(String group) {
    Http.Reply accepted = http.post("/api/v1/groups/" + group + "/runs", null);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String path = "/api/v1/groups/" + group + "/runs/" + accepted.json().path("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode run = http.get(path).json();
      if (!run.path("state").asText().equals("RUNNING")) {
        return run;
      }
      ServerTest.pause();
    }
    throw new AssertionError(path + " did not end within 120 s");
  }

  /** Runs {@code group} through a control plane whose clock is {@code age} behind: its cut, and lag, are that old. */
  private static void runAged(String group, Duration age) {
    ControlPlane aged = new ControlPlane(primaryRegistry(), sandbox.connections(),
        Clock.offset(Clock.systemUTC(), age.negated()), RunOptions.defaults(), StepInterceptor.NONE,
        RunListener.NONE);
    Run run = aged.runNow(GroupName.of(group));
    assertThat(run.state()).as("run %s: %s", run.id(), run.error()).isEqualTo(RunState.SUCCEEDED);
  }
}
