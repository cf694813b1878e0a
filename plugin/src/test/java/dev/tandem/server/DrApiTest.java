package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.arbiter.Arbiter;
import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.PairKey;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The disaster-recovery verbs of the API, on both sandbox sites' real servers, each running its site agent with
 * short timings: the arbitration state, refusals (unknown pair, unforced failover of a healthy site, a second
 * operation, a run the epoch does not allow), a planned switchover east → west, then a forced failover back.
 * The tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrApiTest extends SandboxTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(250);
  private static final ArbitrationSettings TIMINGS = new ArbitrationSettings(false, Duration.ofSeconds(3),
      Duration.ofSeconds(2), HEARTBEAT);
  private static final String GROUP = "drapi";
  private static final String ARBITRATION = "/api/v1/pairs/east+west/arbitration";

  private static Arbiter arbiter;
  private static final List<ZkArbitrationStore> ARBITER_STORES = new ArrayList<>();
  private static TandemServer eastServer;
  private static TandemServer westServer;
  private static Http east;
  private static Http west;

  @BeforeAll
  static void startServers() throws Exception {
    Trees.write(primaryFs(), "/drapi/data/part-0.csv", "a,b\n1,2\n");
    cp().putGroup(group(GROUP, 3, "/drapi/data"));
    runOk(GROUP);
    eastServer = server(SandboxServer.builder(sandbox, 0));
    westServer = server(SandboxServer.builder(sandbox, sandbox.secondary(), 0));
    east = new Http(eastServer.uri()).csrf();
    west = new Http(westServer.uri()).csrf();
    awaitRoles(east, "ACTIVE", "STANDBY");
    // An arbiter "in a third place", with registry clients of its own: its verdicts show in /api/v1/status.
    for (SiteId site : List.of(SiteId.of("east"), SiteId.of("west"))) {
      Site s = site.value().equals("east") ? sandbox.primary().site() : sandbox.secondary().site();
      ARBITER_STORES.add(ZkArbitrationStore.connect(site, s.registryConnect(), "/tandem", Duration.ofSeconds(4),
          Duration.ofSeconds(3)));
    }
    arbiter = new Arbiter("third-place", PairKey.of(SiteId.of("east"), SiteId.of("west")),
        List.copyOf(ARBITER_STORES), Clock.systemUTC(), TIMINGS);
    arbiter.start();
  }

  private static TandemServer server(TandemServer.Builder builder) {
    return builder.healthInterval(null).schedulerTick(null).arbitrationTimings(TIMINGS, Duration.ofSeconds(4))
        .drTimeout(Duration.ofSeconds(90)).build(true).start();
  }

  @AfterAll
  static void stopServers() {
    if (arbiter != null) {
      arbiter.close();
    }
    ARBITER_STORES.forEach(ZkArbitrationStore::close);
    for (TandemServer s : new TandemServer[] {westServer, eastServer}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  @Order(1)
  void arbitrationShowsEastActiveAndWestStandby() {
    JsonNode state = east.get(ARBITRATION).json();
    assertThat(state.path("pair").asText()).isEqualTo("east+west");
    assertThat(state.path("epoch").path("active").asText()).isEqualTo("east");
    assertThat(state.path("epoch").path("phase").asText()).isEqualTo("ACTIVE");
    assertThat(state.path("epoch").path("protection").asText()).isEqualTo("PROTECTED");
    assertThat(state.path("settings").path("heartbeatMillis").asLong()).isEqualTo(HEARTBEAT.toMillis());
    assertThat(state.path("settings").path("autoFailover").asBoolean()).isFalse();
    assertThat(site(state, "east").path("healthy").asBoolean()).isTrue();
    assertThat(site(state, "west").path("role").asText()).isEqualTo("STANDBY");
    assertThat(state.path("operation").isNull()).isTrue();
    // The pair id of the other endpoints names the same pair; the stale flag is known after three heartbeats.
    Waits.until(Duration.ofSeconds(10), () -> !site(west.get("/api/v1/pairs/east--west/arbitration").json(), "east")
        .path("stale").isNull(), () -> west.get(ARBITRATION).body());
    assertThat(site(west.get("/api/v1/pairs/east--west/arbitration").json(), "east").path("stale").asBoolean())
        .isFalse();

    // /api/v1/status reads the same records: epoch 1, east ACTIVE, west STANDBY, and the arbiter's verdict.
    eastServer.refreshHealth();
    JsonNode status = awaitStatus(east, 1, "east", "west");
    assertThat(status.path("role").asText()).isEqualTo("PRIMARY");
    JsonNode pair = status.path("pairs").get(0);
    assertThat(pair.path("role").asText()).isEqualTo("ACTIVE");
    assertThat(pair.path("epoch").path("transition").asText()).isEqualTo("INITIAL");
    assertThat(status.path("arbiter").path("state").asText()).as(status.toString()).isEqualTo("NORMAL");
    assertThat(status.path("arbiter").path("detail").asText()).isEqualTo("east active, protected by west");
    assertThat(pair.path("verdict").path("arbiter").asText()).isEqualTo("third-place");
  }

  @Test
  @Order(2)
  void badRequestsChangeNothing() {
    ApiTest.assertError(east.get("/api/v1/pairs/east+nowhere/arbitration"), 404, "not_found", null);
    assertThat(east.get("/api/v1/pairs/east+nowhere/arbitration").json().path("message").asText())
        .contains("east+nowhere");
    ApiTest.assertError(east.post("/api/v1/pairs/nowhere/switchover", null), 404, "not_found", null);
    ApiTest.assertError(east.get("/api/v1/pairs/east+west/operations/op-1-1"), 404, "not_found", null);
    ApiTest.assertError(east.post("/api/v1/pairs/east+west/failover?force=perhaps", null), 422, "invalid_input",
        "force");
    ApiTest.assertError(east.put(ARBITRATION + "/auto-failover", "{}"), 422, "invalid_input", "enabled");

    Http.Reply unforced = east.post("/api/v1/pairs/east+west/failover", null);
    ApiTest.assertError(unforced, 409, "conflict", null);
    assertThat(unforced.json().path("message").asText()).contains("active and healthy", "--force");
    assertThat(east.get(ARBITRATION).json().path("epoch").path("number").asLong()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void autoFailoverIsTurnedOnAndOffInBothRegistries() {
    Http.Reply on = east.put(ARBITRATION + "/auto-failover", "{\"enabled\":true}");
    assertThat(on.status()).as(on.toString()).isEqualTo(200);
    assertThat(on.json().path("autoFailover").asBoolean()).isTrue();
    assertThat(west.get(ARBITRATION).json().path("settings").path("autoFailover").asBoolean()).isTrue();
    assertThat(east.put(ARBITRATION + "/auto-failover", "{\"enabled\":false}").json().path("autoFailover")
        .asBoolean()).isFalse();
  }

  @Test
  @Order(4)
  void switchoverPromotesWestWithEveryFileWrittenBefore() throws Exception {
    Trees.write(primaryFs(), "/drapi/data/before-switch.csv", "written,before\n3,4\n");
    String md5 = Trees.md5(primaryFs(), new Path("/drapi/data/before-switch.csv"));

    Http.Reply started = east.post("/api/v1/pairs/east+west/switchover", null);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    JsonNode op = started.json();
    assertThat(op.path("kind").asText()).isEqualTo("SWITCHOVER");
    assertThat(op.path("state").asText()).isEqualTo("RUNNING");
    assertThat(started.header("Location")).endsWith("/api/v1/pairs/east+west/operations/" + op.path("id").asText());

    // The switchover runs for seconds (catch-up run, fence, final run): a second operation meanwhile is refused.
    Http.Reply second = east.post("/api/v1/pairs/east+west/drill", null);
    ApiTest.assertError(second, 409, "conflict", null);
    assertThat(second.json().path("message").asText()).contains(op.path("id").asText());

    JsonNode done = awaitOperation(east, op.path("id").asText());
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    JsonNode report = done.path("switchReport");
    assertThat(report.path("from").asText()).isEqualTo("east");
    assertThat(report.path("to").asText()).isEqualTo("west");
    assertThat(report.path("rtoMillis").asLong()).isPositive();
    JsonNode outcome = report.path("groups").get(0);
    assertThat(outcome.path("group").asText()).isEqualTo(GROUP);
    assertThat(outcome.path("dataLossMillis").asLong()).isZero();

    awaitRoles(west, "STANDBY", "ACTIVE");
    assertThat(Trees.md5(secondaryFs(), new Path("/drapi/data/before-switch.csv"))).isEqualTo(md5);
    assertThat(east.get(ARBITRATION).json().path("reports").get(0).path("id").asText())
        .isEqualTo(report.path("id").asText());

    long epoch = east.get(ARBITRATION).json().path("epoch").path("number").asLong();
    assertThat(epoch).isGreaterThan(1);
    for (Http via : List.of(east, west)) {
      JsonNode status = awaitStatus(via, epoch, "west", "east");
      assertThat(status.path("pairs").get(0).path("epoch").path("transition").asText()).isEqualTo("SWITCHOVER");
    }
    assertThat(west.get("/api/v1/status").json().path("pairs").get(0).path("role").asText()).isEqualTo("ACTIVE");
    assertThat(east.get("/api/v1/status").json().path("pairs").get(0).path("role").asText()).isEqualTo("STANDBY");
  }

  @Test
  @Order(5)
  void forcedFailoverBackToEastThenRunsAreRefusedUntilReprotected() {
    Http.Reply started = west.post("/api/v1/pairs/west+east/failover?force=true", null);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    JsonNode done = awaitOperation(west, started.json().path("id").asText());
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("switchReport").path("kind").asText()).isEqualTo("FAILOVER");
    assertThat(done.path("switchReport").path("to").asText()).isEqualTo("east");
    assertThat(done.path("switchReport").path("groups").get(0).path("dataLossMillis").isNumber()).isTrue();
    awaitRoles(west, "ACTIVE", "STANDBY");
    assertThat(west.get(ARBITRATION).json().path("epoch").path("protection").asText()).isEqualTo("UNPROTECTED");

    // East serves its last good cut; until failback re-protects the pair, the epoch guard refuses runs at once.
    Http.Reply refused = west.post("/api/v1/groups/" + GROUP + "/runs", null);
    ApiTest.assertError(refused, 409, "conflict", null);
    assertThat(refused.json().path("message").asText()).contains("refused", "reprotect");
    assertThat(westServer.running(dev.tandem.model.GroupName.of(GROUP))).isFalse();

    // Two decisions after the first epoch: the status, the arbiter alert's input and the UI show the new epoch.
    long epoch = west.get(ARBITRATION).json().path("epoch").path("number").asLong();
    assertThat(epoch).isGreaterThanOrEqualTo(3);
    JsonNode status = awaitStatus(east, epoch, "east", "west");
    assertThat(status.path("role").asText()).isEqualTo("PRIMARY");
    assertThat(status.path("arbiter").path("state").asText()).as(status.toString()).isEqualTo("FAILED_OVER");
    assertThat(status.path("arbiter").path("detail").asText())
        .isEqualTo("failed over from west to east, unprotected until failback");
    assertThat(awaitStatus(west, epoch, "east", "west").path("epoch").asLong()).isEqualTo(epoch);
    String overview = east.get("/ui").body();
    assertThat(overview).contains("epoch <strong class=\"epoch\">" + epoch + "</strong>", "FAILED_OVER",
        "data-pair=\"east+west\"", "east <span class=\"badge ok\">ACTIVE</span>",
        "west <span class=\"badge ok\">STANDBY</span>");
  }

  @Test
  @Order(6)
  void drVerbsAndTheirOutcomesAreAuditedInBothSitesRegistries() throws Exception {
    for (var site : List.of(sandbox.primary(), sandbox.secondary())) {
      // An operation's end is recorded just after its state says it ended.
      Waits.until(Duration.ofSeconds(10), () -> {
        try {
          return AuditEntries.has(site.zkConnect(), "operation.failover");
        } catch (Exception e) {
          return false;
        }
      }, () -> "no operation.failover entry in " + site.id());
      List<JsonNode> entries = AuditEntries.inZooKeeper(site.zkConnect());
      JsonNode switchover = AuditEntries.find(entries, "pairs.switchover", "sandbox", 202);
      assertThat(switchover.path("recordedBy").asText()).isEqualTo("east");
      assertThat(switchover.path("target").asText()).isEqualTo("POST /api/v1/pairs/east+west/switchover");
      JsonNode ended = AuditEntries.find(entries, "operation.switchover", "sandbox", 0);
      assertThat(ended.path("success").asBoolean()).isTrue();
      JsonNode refused = AuditEntries.find(entries, "pairs.drill", "sandbox", 409);
      assertThat(refused.path("success").asBoolean()).isFalse();
      assertThat(refused.path("error").asText()).contains("under way");
      JsonNode failover = AuditEntries.find(entries, "pairs.failover", "sandbox", 202);
      assertThat(failover.path("recordedBy").asText()).isEqualTo("west");
      assertThat(failover.path("parameters").path("force").asText()).isEqualTo("true");
      assertThat(AuditEntries.find(entries, "operation.failover", "sandbox", 0).path("success").asBoolean()).isTrue();
      AuditEntries.find(entries, "pairs.autoFailover", "sandbox", 200);
    }
    // Each server lists its own entries and those its peer wrote to its registry.
    JsonNode listed = east.get("/api/v1/audit?limit=1000").json();
    assertThat(listed.findValuesAsText("recordedBy")).contains("east", "west");
  }

  private static JsonNode site(JsonNode state, String id) {
    for (JsonNode s : state.path("sites")) {
      if (s.path("site").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no site " + id + " in " + state);
  }

  private static void awaitRoles(Http via, String eastRole, String westRole) {
    Waits.until(Duration.ofSeconds(60), () -> {
      JsonNode state = via.get(ARBITRATION).json();
      return site(state, "east").path("role").asText().equals(eastRole)
          && site(state, "west").path("role").asText().equals(westRole);
    }, () -> via.get(ARBITRATION).body());
  }

  /**
   * Waits until {@code /api/v1/status} of {@code via} reports {@code epoch} for the pair, with {@code active}
   * ACTIVE and {@code standby} STANDBY and an arbiter verdict for that epoch; returns that status.
   */
  private static JsonNode awaitStatus(Http via, long epoch, String active, String standby) {
    Waits.until(Duration.ofSeconds(30), () -> {
      JsonNode s = via.get("/api/v1/status").json();
      JsonNode pair = s.path("pairs").path(0);
      return s.path("epoch").asLong() == epoch && pair.path("pair").asText().equals("east+west")
          && pair.path("epoch").path("number").asLong() == epoch
          && pair.path("epoch").path("active").asText().equals(active)
          && site(pair, active).path("role").asText().equals("ACTIVE")
          && site(pair, standby).path("role").asText().equals("STANDBY")
          && site(pair, active).path("epoch").asLong() == epoch
          && pair.path("verdict").path("epoch").asLong() == epoch
          && pair.path("verdict").path("active").asText().equals(active);
    }, () -> via.get("/api/v1/status").body());
    return via.get("/api/v1/status").json();
  }

  private static JsonNode awaitOperation(Http via, String id) {
    String path = "/api/v1/pairs/east+west/operations/" + id;
    Waits.until(Duration.ofSeconds(180), () -> {
      Http.Reply reply = via.get(path);
      return reply.status() == 200 && !reply.json().path("state").asText().equals("RUNNING");
    }, () -> via.get(path).toString());
    return via.get(path).json();
  }
}
