package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.cli.TandemCli;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.server.auth.Role;
import dev.tandem.server.auth.UserStore;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Authentication (basic, the Ambari View's header pair), the role matrix and CSRF, on a real server. */
class AuthTest extends SandboxTest {
  private static final String SECRET = "view-s3cret-7d1f";
  private static final Map<String, String> PASSWORDS = Map.of("vera", "pw-vera-91", "otto", "pw-otto-92",
      "ada", "pw-ada-93");
  private static TandemServer server;
  private static Http http;
  private static final StringWriter LOG = new StringWriter();
  private static WriterAppender appender;

  @BeforeAll
  static void start() throws Exception {
    appender = new WriterAppender(new PatternLayout("%p %c %m%n"), LOG);
    Logger.getRootLogger().addAppender(appender);
    Logger.getLogger("dev.tandem").setLevel(org.apache.log4j.Level.DEBUG);
    UserStore users = UserStore.parse(Map.of(
        "vera", "viewer, " + PasswordHash.create(PASSWORDS.get("vera").toCharArray(), 1000),
        "otto", "operator, " + PasswordHash.create(PASSWORDS.get("otto").toCharArray(), 1000),
        "ada", "admin, " + PasswordHash.create(PASSWORDS.get("ada").toCharArray(), 1000),
        "bob", "operator"));
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null).auditPruneInterval(null)
        .authenticator(new Authenticator(AuthMode.BASIC, users, SECRET, Role.VIEWER, Clock.systemUTC()))
        .build(false).start();
    http = new Http(server.uri());
    Trees.write(primaryFs(), "/authz/a/x.csv", "x");
    cp().putGroup(group("authz", 3, "/authz/a").withEnabled(false));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Logger.getRootLogger().removeAppender(appender);
    Logger.getLogger("dev.tandem").setLevel(org.apache.log4j.Level.INFO);
  }

  /** Endpoint, least role; the body makes an allowed call fail validation or conflict, never change much. */
  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    Object[][] endpoints = {
        {"GET", "/api/v1/status", null, Role.VIEWER},
        {"GET", "/api/v1/sites", null, Role.VIEWER},
        {"GET", "/api/v1/sites/east/connectivity", null, Role.VIEWER},
        {"GET", "/api/v1/groups/authz", null, Role.VIEWER},
        {"GET", "/api/v1/runs", null, Role.VIEWER},
        {"GET", "/api/v1/groups/authz/userdata", null, Role.VIEWER},
        {"POST", "/api/v1/groups/authz/userdata/20000101T000000000Z/apply?mode=APPLY", null, Role.OPERATOR},
        {"GET", "/metrics", null, Role.VIEWER},
        {"POST", "/api/v1/groups/authz/runs", null, Role.OPERATOR},
        {"POST", "/api/v1/groups/authz/runs/r-20000101T000000000Z/cancel", null, Role.OPERATOR},
        {"POST", "/api/v1/groups", "{}", Role.ADMIN},
        {"PUT", "/api/v1/groups/authz", "{}", Role.ADMIN},
        {"DELETE", "/api/v1/groups/ghost", null, Role.ADMIN},
        {"POST", "/api/v1/groups/authz/disable", null, Role.ADMIN},
        {"POST", "/api/v1/pairs", "{}", Role.ADMIN},
        {"DELETE", "/api/v1/pairs/x--y", null, Role.ADMIN},
        {"PUT", "/api/v1/sites/north", "{}", Role.ADMIN},
        {"DELETE", "/api/v1/sites/nowhere", null, Role.ADMIN},
        {"GET", "/api/v1/pairs/x+y/arbitration", null, Role.VIEWER},
        {"GET", "/api/v1/pairs/x+y/operations/op-1-1", null, Role.VIEWER},
        {"PUT", "/api/v1/pairs/x+y/arbitration/auto-failover", "{}", Role.ADMIN},
        {"POST", "/api/v1/pairs/x+y/switchover", null, Role.OPERATOR},
        {"POST", "/api/v1/pairs/x+y/failover?force=true", null, Role.OPERATOR},
        {"POST", "/api/v1/pairs/x+y/failback", null, Role.OPERATOR},
        {"POST", "/api/v1/pairs/x+y/drill", null, Role.OPERATOR}};
    for (Object[] e : endpoints) {
      for (String user : List.of("vera", "otto", "ada")) {
        out.add(Arguments.of(e[0], e[1], e[2], e[3], user));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} as {4}")
  @MethodSource("matrix")
  void rolesGateEveryEndpoint(String method, String path, String body, Role least, String user) {
    Role role = switch (user) {
      case "vera" -> Role.VIEWER;
      case "otto" -> Role.OPERATOR;
      default -> Role.ADMIN;
    };
    Http.Reply reply = http.basic(user, PASSWORDS.get(user)).csrf().send(method, path, body, "application/json");
    if (role.includes(least)) {
      assertThat(reply.status()).as(reply.toString()).isNotIn(401, 403).isLessThan(500);
    } else {
      ApiTest.assertError(reply, 403, "forbidden", null);
      assertThat(reply.json().path("message").asText()).contains(least.label());
    }
  }

  static Stream<Arguments> rejectedCredentials() {
    return Stream.of(
        Arguments.of("none", Map.of()),
        Arguments.of("wrong password", Map.of("Authorization", basic("ada", "guess"))),
        Arguments.of("unknown user", Map.of("Authorization", basic("mallory", "pw"))),
        Arguments.of("user without password", Map.of("Authorization", basic("bob", ""))),
        Arguments.of("malformed basic", Map.of("Authorization", "Basic !!!")),
        Arguments.of("view user without secret", Map.of("X-Tandem-User", "ada")),
        Arguments.of("view user with wrong secret", Map.of("X-Tandem-User", "ada", "X-Tandem-View-Secret", "guess")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedCredentials")
  void missingOrWrongCredentialsAre401(String label, Map<String, String> headers) {
    Http h = http;
    for (var e : headers.entrySet()) {
      h = h.with(e.getKey(), e.getValue());
    }
    Http.Reply reply = h.get("/api/v1/status");
    ApiTest.assertError(reply, 401, "unauthenticated", null);
    assertThat(reply.body()).doesNotContain(SECRET, "guess");
    if (!headers.containsKey("X-Tandem-User")) {
      assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=\"tandem\"");
    }
  }

  @Test
  void viewHeaderPairCarriesTheManagersUser() {
    Http view = http.with("X-Tandem-View-Secret", SECRET);
    var bob = view.with("X-Tandem-User", "bob").get("/api/v1/whoami").json();
    assertThat(bob.path("user").asText()).isEqualTo("bob");
    assertThat(bob.path("role").asText()).as("role from the users file").isEqualTo("operator");
    assertThat(bob.path("via").asText()).isEqualTo("view");
    var carol = view.with("X-Tandem-User", "carol").get("/api/v1/whoami").json();
    assertThat(carol.path("role").asText()).as("unknown manager users get the default role").isEqualTo("viewer");
    ApiTest.assertError(view.with("X-Tandem-User", "carol").csrf().post("/api/v1/groups/authz/runs", null), 403,
        "forbidden", null);
    assertThat(view.with("X-Tandem-User", "bob").csrf().post("/api/v1/groups/authz/runs", null).status())
        .as("bob may start runs (this group is disabled, hence 409)").isEqualTo(409);
  }

  @Test
  void publicEndpointsNeedNoCredentials() {
    assertThat(http.get("/api/v1/health").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/openapi.json").status()).isEqualTo(200);
  }

  static Stream<Arguments> crossSite() {
    return Stream.of(
        Arguments.of("no X-Requested-By", Map.of()),
        Arguments.of("foreign Origin", Map.of("X-Requested-By", "x", "Origin", "http://evil.example")),
        Arguments.of("opaque Origin", Map.of("X-Requested-By", "x", "Origin", "null")),
        Arguments.of("Sec-Fetch-Site cross-site", Map.of("X-Requested-By", "x", "Sec-Fetch-Site", "cross-site")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crossSite")
  void browserOriginatedStateChangesAreRefused(String label, Map<String, String> headers) {
    Http h = http.basic("ada", PASSWORDS.get("ada"));
    for (var e : headers.entrySet()) {
      h = h.with(e.getKey(), e.getValue());
    }
    Http.Reply reply = h.post("/api/v1/groups/authz/disable", null);
    ApiTest.assertError(reply, 403, "forbidden", null);
    assertThat(h.get("/api/v1/groups/authz").status()).as("reads are not affected").isEqualTo(200);
  }

  @Test
  void sameOriginStateChangeIsAccepted() {
    Http.Reply reply = http.basic("ada", PASSWORDS.get("ada")).csrf()
        .with("Origin", "http://127.0.0.1:" + server.port()).post("/api/v1/groups/authz/disable", null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- Host allow-list, body limit (issue 16 H)

  @Test
  void foreignHostIsRefusedEvenWithAMatchingOrigin() throws Exception {
    Trees.write(primaryFs(), "/authz/h/x.csv", "x");
    cp().putGroup(group("hostcheck", 3, "/authz/h"));
    // DNS rebinding: evil.example now resolves to this server, so its page is same-origin to the browser.
    String foreign = "evil.example:" + server.port();
    String disable = "POST /api/v1/groups/hostcheck/disable HTTP/1.1\r\nX-Requested-By: x\r\nAuthorization: "
        + basic("ada", PASSWORDS.get("ada")) + "\r\nContent-Length: 0\r\n";
    Http.RawReply refused = Http.raw(server.uri(), disable + "Host: " + foreign + "\r\nOrigin: http://" + foreign
        + "\r\n", null);
    assertThat(refused.status()).as(refused.body()).isEqualTo(421);
    assertThat(refused.body()).contains("\"type\":\"misdirected_request\"", "evil.example",
        "tandem.server.allowed.hosts");
    Http ada = http.basic("ada", PASSWORDS.get("ada"));
    assertThat(ada.get("/api/v1/groups/hostcheck").json().path("enabled").asBoolean()).as("unchanged").isTrue();
    assertThat(Http.raw(server.uri(), "GET /api/v1/status HTTP/1.1\r\nHost: " + foreign + "\r\nAuthorization: "
        + basic("ada", PASSWORDS.get("ada")) + "\r\n", null).status()).as("reads too").isEqualTo(421);

    for (String own : List.of("127.0.0.1", "localhost", "[::1]", TandemServer.hostname())) {
      assertThat(Http.raw(server.uri(), "GET /api/v1/health HTTP/1.1\r\nHost: " + own + ":" + server.port()
          + "\r\n", null).status()).as(own).isEqualTo(200);
    }
    Http.RawReply own = Http.raw(server.uri(), disable + "Host: 127.0.0.1:" + server.port() + "\r\nOrigin: "
        + "http://127.0.0.1:" + server.port() + "\r\n", null);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(ada.get("/api/v1/groups/hostcheck").json().path("enabled").asBoolean()).isFalse();
  }

  @Test
  void bodiesOverTheLimitAre413AndChangeNothing() throws Exception {
    int limit = TandemProperties.SERVER_MAX_REQUEST_BYTES_DEFAULT;
    Trees.write(primaryFs(), "/authz/big/x.csv", "x");
    String head = "POST /api/v1/groups HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nX-Requested-By: x"
        + "\r\nAuthorization: " + basic("ada", PASSWORDS.get("ada")) + "\r\nContent-Type: application/json\r\n";
    String group = "{\"name\":\"%s\",\"primary\":\"east\",\"secondary\":\"west\",\"dataSets\":[{\"kind\":"
        + "\"hdfs\",\"path\":\"/authz/big\"}],\"schedule\":{\"backupMoment\":\"01:30\",\"periodicity\":\"4h\","
        + "\"zone\":\"UTC\"},\"snapshots\":\"ENABLE_IF_MISSING\"%s}";

    // Declared too large: refused before the body is read.
    Http.RawReply declared = Http.raw(server.uri(), head + "Content-Length: " + (2 * limit) + "\r\n",
        String.format(group, "big1", "").getBytes(StandardCharsets.UTF_8));
    assertThat(declared.status()).as(declared.body()).isEqualTo(413);
    assertThat(declared.body()).contains("\"type\":\"payload_too_large\"", "Request body of " + (2 * limit)
        + " bytes is larger than the limit of " + limit + " bytes (tandem.server.max.request.bytes)");

    // Chunked, no length: a valid group padded past the limit is refused once the limit is passed.
    byte[] padded = String.format(group, "big2", " ".repeat(limit)).getBytes(StandardCharsets.UTF_8);
    byte[] chunked = concat(Integer.toHexString(padded.length) + "\r\n", padded, "\r\n0\r\n\r\n");
    Http.RawReply streamed = Http.raw(server.uri(), head + "Transfer-Encoding: chunked\r\n", chunked);
    assertThat(streamed.status()).as(streamed.body()).isEqualTo(413);
    assertThat(streamed.body()).contains("\"type\":\"payload_too_large\"",
        "larger than the limit of " + limit + " bytes (tandem.server.max.request.bytes)");

    Http ada = http.basic("ada", PASSWORDS.get("ada")).csrf();
    assertThat(ada.get("/api/v1/groups/big1").status()).isEqualTo(404);
    assertThat(ada.get("/api/v1/groups/big2").status()).isEqualTo(404);
    // The same group padded to just under the limit is read and created.
    Http.Reply under = ada.post("/api/v1/groups", String.format(group, "big3", " ".repeat(limit - 1000)));
    assertThat(under.status()).as(under.toString()).isEqualTo(201);
  }

  private static byte[] concat(String before, byte[] body, String after) {
    byte[] a = before.getBytes(StandardCharsets.US_ASCII);
    byte[] c = after.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[a.length + body.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(body, 0, out, a.length, body.length);
    System.arraycopy(c, 0, out, a.length + body.length, c.length);
    return out;
  }

  @Test
  void cliExitCodesForDeniedAndAllowed() throws Exception {
    var file = Files.createTempFile(new java.io.File("target").toPath(), "pw", ".txt");
    Files.writeString(file, "wrong");
    assertThat(cli("status", "--user", "ada", "--password-file", file.toString())).isEqualTo(TandemCli.EXIT_DENIED);
    Files.writeString(file, PASSWORDS.get("vera"));
    assertThat(cli("status", "--user", "vera", "--password-file", file.toString())).isZero();
    assertThat(cli("run", "start", "authz", "--user", "vera", "--password-file", file.toString()))
        .isEqualTo(TandemCli.EXIT_DENIED);
    Files.delete(file);
  }

  @Test
  void secretsAndPasswordsAreNeverLogged() {
    http.with("X-Tandem-User", "ada").with("X-Tandem-View-Secret", "wrong-" + SECRET).get("/api/v1/status");
    http.basic("ada", "not-" + PASSWORDS.get("ada")).get("/api/v1/status");
    http.basic("ada", PASSWORDS.get("ada")).get("/api/v1/status");
    String log = LOG.toString();
    assertThat(log).contains("Failed basic authentication for user 'ada'");
    assertThat(log).doesNotContain(SECRET);
    PASSWORDS.values().forEach(pw -> assertThat(log).doesNotContain(pw));
  }

  // ---------------------------------------------------------------- audit log

  @Test
  void auditRecordsPrincipalActionAndOutcomeOnBothSitesZooKeeper() throws Exception {
    Trees.write(primaryFs(), "/audited/a/x.csv", "x");
    Http ada = http.basic("ada", PASSWORDS.get("ada")).csrf();
    Http.Reply created = ada.post("/api/v1/groups", Map.of("name", "audited", "primary", "east", "secondary", "west",
        "dataSets", List.of(Map.of("kind", "hdfs", "path", "/audited/a")),
        "schedule", Map.of("backupMoment", "01:30", "periodicity", "4h", "zone", "UTC"),
        "snapshots", "ENABLE_IF_MISSING"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Http.Reply run = http.basic("otto", PASSWORDS.get("otto")).csrf().post("/api/v1/groups/audited/runs", null);
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
    assertThat(http.basic("vera", PASSWORDS.get("vera")).csrf().post("/api/v1/groups/audited/disable", null)
        .status()).isEqualTo(403);
    assertThat(ada.post("/api/v1/groups", Map.of("name", "audited2")).status()).isEqualTo(422);
    // A body with a secret in it: refused (unknown field), recorded, the secret left out.
    assertThat(ada.put("/api/v1/sites/north", Map.of("fileSystemUri", "hdfs://n", "registryConnect", "n:2181",
        "password", "hunter2-secret")).status()).isEqualTo(422);
    awaitRunEnded("audited", run.json().path("id").asText());

    for (var site : List.of(sandbox.primary(), sandbox.secondary())) {
      List<JsonNode> entries = AuditEntries.inZooKeeper(site.zkConnect());
      JsonNode create = AuditEntries.find(entries, "groups.create", "ada", 201);
      assertThat(create.path("group").asText()).isEqualTo("audited");
      assertThat(create.path("via").asText()).isEqualTo("basic");
      assertThat(create.path("success").asBoolean()).isTrue();
      assertThat(create.path("parameters").path("body.dataSets").asText()).contains("/audited/a");
      assertThat(create.path("recordedBy").asText()).isEqualTo("east");
      assertThat(create.path("unreached")).as("west was reachable").isEmpty();
      assertThat(AuditEntries.find(entries, "groups.start", "otto", 202).path("target").asText())
          .isEqualTo("POST /api/v1/groups/audited/runs");
      JsonNode denied = AuditEntries.find(entries, "groups.disable", "vera", 403);
      assertThat(denied.path("success").asBoolean()).isFalse();
      assertThat(denied.path("error").asText()).contains("needs admin");
      assertThat(AuditEntries.find(entries, "groups.create", "ada", 422).path("error").asText()).contains("required");
      JsonNode secret = AuditEntries.find(entries, "sites.put", "ada", 422);
      assertThat(secret.toString()).doesNotContain("hunter2").contains("body.fileSystemUri");
    }
    assertThat(LOG.toString()).as("the dev.tandem.audit log line").contains("dev.tandem.audit id=")
        .contains("action=groups.create").doesNotContain("hunter2");
  }

  @Test
  void auditApiFiltersAndRejectsBadFiltersWith422() throws Exception {
    Http ada = http.basic("ada", PASSWORDS.get("ada")).csrf();
    ada.post("/api/v1/groups/authz/enable", null);
    ada.post("/api/v1/groups/authz/disable", null);
    Http vera = http.basic("vera", PASSWORDS.get("vera"));
    JsonNode mine = vera.get("/api/v1/audit?user=ada&group=authz").json();
    assertThat(mine.size()).isGreaterThanOrEqualTo(2);
    mine.forEach(e -> {
      assertThat(e.path("user").asText()).isEqualTo("ada");
      assertThat(e.path("group").asText()).isEqualTo("authz");
    });
    assertThat(mine.get(0).path("action").asText()).as("newest first").isEqualTo("groups.disable");
    assertThat(vera.get("/api/v1/audit?limit=1").json()).hasSize(1);
    assertThat(vera.get("/api/v1/audit?until=2000-01-01").json()).isEmpty();
    assertThat(vera.get("/api/v1/audit?since=2999-01-01T00:00:00Z").json()).isEmpty();
    String since = mine.get(0).path("time").asText();
    assertThat(vera.get("/api/v1/audit?since=" + since + "&user=ada").json()).isNotEmpty();
    for (String[] bad : new String[][] {{"since=yesterday", "since"}, {"until=2026-13-01", "until"},
        {"limit=0", "limit"}, {"limit=ten", "limit"},
        {"since=2026-11-24T16:00:00Z&until=2026-11-24T15:00:00Z", "until"}}) {
      Http.Reply r = vera.get("/api/v1/audit?" + bad[0]);
      assertThat(r.status()).as(bad[0]).isEqualTo(422);
      assertThat(r.json().path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
    Http.Reply page = vera.get("/ui/audit?user=ada");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Audit log", "groups.disable", "ada");
    assertThat(vera.get("/ui/audit?since=nonsense").status()).isEqualTo(422);

    var out = new StringWriter();
    var cli = TandemCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    var file = Files.createTempFile(new java.io.File("target").toPath(), "pw", ".txt");
    Files.writeString(file, PASSWORDS.get("vera"));
    assertThat(cli.execute("audit", "--group", "authz", "--by", "ada", "--limit", "5", "--server",
        server.uri().toString(), "--user", "vera", "--password-file", file.toString())).isZero();
    Files.delete(file);
    assertThat(out.toString()).contains("ACTION", "groups.disable", "ada (basic)", "ok 200");
  }

  @Test
  void retentionPrunesWholeOldDaysInZooKeeper() throws Exception {
    try (CuratorFramework zk = CuratorFrameworkFactory.newClient(sandbox.primary().zkConnect(),
        new RetryOneTime(100))) {
      zk.start();
      zk.create().creatingParentsIfNeeded().forPath("/tandem/audit/2001-01-01/e-0000000000",
          ("{\"id\":\"1-old\",\"time\":\"2001-01-01T10:00:00Z\",\"user\":\"ada\",\"action\":\"groups.create\"}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(http.basic("vera", PASSWORDS.get("vera")).get("/api/v1/audit?until=2001-01-02").json())
          .hasSize(1);
      http.basic("ada", PASSWORDS.get("ada")).csrf().post("/api/v1/groups/authz/disable", null);
      assertThat(server.pruneAudit()).isEqualTo(1);
      assertThat(zk.checkExists().forPath("/tandem/audit/2001-01-01")).isNull();
      assertThat(zk.getChildren().forPath("/tandem/audit")).as("today is kept")
          .contains(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    }
  }

  private static void awaitRunEnded(String group, String run) {
    Http ada = http.basic("ada", PASSWORDS.get("ada"));
    dev.tandem.testing.Waits.until(java.time.Duration.ofSeconds(60), () -> !ada.get("/api/v1/groups/" + group
        + "/runs/" + run).json().path("state").asText().equals("RUNNING"), () -> "run " + run + " still running");
  }

  private static int cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(server.uri().toString());
    var cli = TandemCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(reorder(all));
  }

  /** Options of the leaf command must follow its name: move them after the verbs. */
  private static String[] reorder(List<String> args) {
    return args.toArray(new String[0]);
  }

  private static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
  }
}
