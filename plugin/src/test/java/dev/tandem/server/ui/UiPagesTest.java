package dev.tandem.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.TandemServer;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pages over plain HTTP, without a browser: every link is relative and leads somewhere (directly and through
 * a stand-in of the Ambari View's proxy), forms work without JavaScript through their CSRF token and not
 * without it, input is escaped, and unknown things are error pages with the API's status.
 */
class UiPagesTest extends SandboxTest {
  private static final Pattern LINK = Pattern.compile("(href|src|action|data-run-poll|content)=\"([^\"]*)\"");
  private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");
  private static final String MARKUP_USER = "<b>eve</b>";
  private static TandemServer server;
  private static ViewProxy view;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startServer() throws Exception {
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null).build(true).start();
    view = new ViewProxy(server.uri());
    Trees.write(primaryFs(), "/data/pages/a/part-0.csv", "a,b\n1,2\n");
    cp().putGroup(group("pages", 3, "/data/pages/a"));
    assertThat(server.controlPlane().runNow(GroupName.of("pages")).state()).isEqualTo(RunState.SUCCEEDED);
    // a second version of the user data, with a right for a name that is markup, for the diff page
    primaryFs().modifyAclEntries(new org.apache.hadoop.fs.Path("/data/pages/a"),
        org.apache.hadoop.fs.permission.AclEntry.parseAclSpec("user:" + MARKUP_USER + ":r-x", true));
    assertThat(server.controlPlane().runNow(GroupName.of("pages")).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @AfterAll
  static void stopServer() {
    if (view != null) {
      view.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRunPageShowsWhatTheScrubFoundAndItsShareOfTheRun() throws Exception {
    Trees.write(primaryFs(), "/data/pages-scrub/a/only", "the only file");
    cp().putGroup(group("pages-scrub", 3, "/data/pages-scrub/a"));
    Run full = server.controlPlane().runNow(GroupName.of("pages-scrub"));
    assertThat(full.state()).isEqualTo(RunState.SUCCEEDED);
    dev.tandem.testing.HiddenCorruption.flipABit(secondaryFs(), "/data/pages-scrub/a", "/data/pages-scrub/a/only",
        full.cut().snapshotName(full.group()));
    Run run = server.controlPlane().runNow(GroupName.of("pages-scrub"));
    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);

    HttpResponse<String> page = get(server.uri() + "/ui/groups/pages-scrub/runs/" + run.id(), Map.of());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Continuous verification", "1 file(s) compared with the primary",
        "<span class=\"badge bad\">1 differed</span> and copied again", "% of the run",
        "<li class=\"mono\">/data/pages-scrub/a/only: checksum</li>");
  }

  @Test
  void everyLinkIsRelativeAndLeadsToAPage() {
    Set<String> seen = crawl(server.uri() + "/ui/");
    assertThat(seen).contains(server.uri() + "/ui/pairs", server.uri() + "/ui/groups/pages",
        server.uri() + "/ui/new-group", server.uri() + "/ui/static/tandem.js");
    assertThat(seen).anyMatch(u -> u.startsWith(server.uri() + "/ui/groups/pages/runs/r-"));
    assertThat(seen).contains(server.uri() + "/ui/groups/pages/userdata");
    assertThat(seen).anyMatch(u -> u.matches(".*/ui/groups/pages/userdata/\\d{8}T\\d{9}Z/apply"));
    assertThat(seen).anyMatch(u -> u.startsWith(server.uri() + "/api/v1/"));
  }

  @Test
  void theSamePagesWorkBehindTheViewProxyPrefix() {
    Set<String> seen = crawl(view.ui());
    String prefix = view.ui().substring(0, view.ui().length() - "ui/".length());
    assertThat(seen).allMatch(u -> u.startsWith(prefix), "stays under the View's prefix");
    assertThat(seen).contains(view.ui() + "groups/pages", view.ui() + "pairs");
  }

  /** Follows every link of every page below {@code start}; asserts that each is relative and answers 200. */
  private static Set<String> crawl(String start) {
    String root = start.substring(0, start.length() - "ui/".length());
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty() && seen.size() < 80) {
      String url = todo.poll();
      if (!seen.add(url)) {
        continue;
      }
      HttpResponse<String> page = get(url, Map.of());
      assertThat(page.statusCode()).as("GET %s", url).isEqualTo(200);
      if (!page.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
        continue;
      }
      Matcher m = LINK.matcher(page.body());
      while (m.find()) {
        String attribute = m.group(1);
        String link = m.group(2).replace("&amp;", "&");
        if (attribute.equals("content") && !link.contains("url=")) {
          continue; // other meta tags
        }
        assertThat(link).as("%s=\"%s\" on %s", attribute, link, url).doesNotStartWith("/").doesNotStartWith("http");
        if (attribute.equals("action") || link.isEmpty() || link.contains("?test=")
            || link.contains("?probe=")) {
          continue; // forms post; probes are slow
        }
        String target = URI.create(url).resolve(link).toString();
        if (target.startsWith(root + "api/v1/")) {
          assertThat(get(target, Map.of("Accept", "application/json")).statusCode()).as("GET %s", target)
              .isEqualTo(200);
          seen.add(target);
        } else if (!target.contains("#")) {
          todo.add(target);
        }
      }
    }
    return seen;
  }

  @Test
  void formsPostWithoutJavaScriptThroughTheirTokenAndNotWithoutIt() {
    String form = server.uri() + "/ui/new-group";
    HttpResponse<String> page = get(form, Map.of());
    String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("tandem-csrf=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    String nonce = cookie.substring("tandem-csrf=".length(), cookie.indexOf(';'));
    Matcher token = TOKEN.matcher(page.body());
    assertThat(token.find()).isTrue();

    Map<String, String> fields = new LinkedHashMap<>(Map.of("csrf", token.group(1), "name", "ledger",
        "pair", "east--west", "hdfs", "/data/pages/a", "backupMoment", "25:00", "periodicity", "4h", "zone", "UTC",
        "retention", "7", "snapshots", "EXISTING_ONLY", "save", "1"));
    HttpResponse<String> invalid = post(form, fields, Map.of("Cookie", "tandem-csrf=" + nonce));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("id=\"error-backupMoment\"", "Invalid backup moment: 25:00");

    assertThat(post(form, fields, Map.of()).statusCode()).as("no cookie").isEqualTo(403);
    assertThat(post(form, fields, Map.of("Cookie", "tandem-csrf=" + "0".repeat(32))).statusCode())
        .as("another browser's cookie").isEqualTo(403);
    Map<String, String> noToken = new LinkedHashMap<>(fields);
    noToken.remove("csrf");
    assertThat(post(form, noToken, Map.of("Cookie", "tandem-csrf=" + nonce)).statusCode()).as("no token")
        .isEqualTo(403);
    assertThat(post(form, fields, Map.of("Cookie", "tandem-csrf=" + nonce, "Origin", "http://evil.example"))
        .statusCode()).as("cross-origin").isEqualTo(403);
  }

  @Test
  void aSavedFormMovesOnWithoutARedirect() throws Exception {
    Trees.write(primaryFs(), "/data/ledger/x/part-0.csv", "a\n1\n");
    Map<String, String> fields = new java.util.HashMap<>(Map.of("name", "ledger", "pair", "east--west", "hdfs",
        "/data/ledger/x", "backupMoment", "02:15", "periodicity", "1d", "zone", "Europe/Berlin", "retention", "3",
        "snapshots", "ENABLE_IF_MISSING", "enabled", "no", "save", "1"));
    fields.put("hiveFencing", "ALLOW_UNFENCED");
    HttpResponse<String> saved = post(server.uri() + "/ui/new-group", fields, Map.of("X-Requested-By", "test"));
    assertThat(saved.statusCode()).isEqualTo(200);
    assertThat(saved.headers().firstValue("Location")).isEmpty();
    assertThat(saved.body()).contains("<meta name=\"tandem-next\" content=\"groups/ledger?notice=created\">",
        "<meta http-equiv=\"refresh\" content=\"0; url=groups/ledger?notice=created\">");
    var group = cp().group(GroupName.of("ledger"));
    assertThat(group.enabled()).isFalse();
    assertThat(group.schedule().zone().getId()).isEqualTo("Europe/Berlin");
    assertThat(group.retention()).isEqualTo(3);
    assertThat(group.hiveFencing()).isEqualTo(dev.tandem.model.HiveFencing.ALLOW_UNFENCED);
  }

  @Test
  void inputIsShownEscaped() {
    HttpResponse<String> page = post(server.uri() + "/ui/new-group", Map.of("name", "<script>alert(1)</script>",
        "pair", "east--west", "hdfs", "/x\"><img src=x onerror=alert(2)>", "save", "1"),
        Map.of("X-Requested-By", "test"));
    assertThat(page.statusCode()).isEqualTo(422);
    assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;")
        .doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
  }

  @Test
  void userDataPageShowsWhoGainedWhatEscapedAndAppliesThroughItsForms() {
    String page = server.uri() + "/ui/groups/pages/userdata";
    HttpResponse<String> shown = get(page, Map.of());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).contains("id=\"diff-principals\"", "user:&lt;b&gt;eve&lt;/b&gt;", "acl r-x")
        .doesNotContain(MARKUP_USER);
    Matcher cut = Pattern.compile("data-cut=\"(\\d{8}T\\d{9}Z)\"").matcher(shown.body());
    assertThat(cut.find()).isTrue(); // the newest version comes first
    String apply = page + "/" + cut.group(1) + "/apply";
    String nonce = shown.headers().firstValue("Set-Cookie").map(c -> c.substring("tandem-csrf=".length(),
        c.indexOf(';'))).orElseThrow();
    Matcher token = TOKEN.matcher(shown.body());
    assertThat(token.find()).isTrue();

    assertThat(post(apply, Map.of("mode", "DRY_RUN"), Map.of("Cookie", "tandem-csrf=" + nonce)).statusCode())
        .as("no token").isEqualTo(403);
    HttpResponse<String> dry = post(apply, Map.of("csrf", token.group(1), "mode", "DRY_RUN"),
        Map.of("Cookie", "tandem-csrf=" + nonce));
    assertThat(dry.statusCode()).isEqualTo(200);
    assertThat(dry.body()).contains("Dry run:", "nothing was changed");

    HttpResponse<String> confirm = get(apply, Map.of());
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.body()).contains("id=\"apply-confirm\"", "name=\"mode\" value=\"APPLY\"");
    HttpResponse<String> applied = post(apply, Map.of("mode", "APPLY"), Map.of("X-Requested-By", "test"));
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(applied.body()).contains("Applied", "change(s) made");
    HttpResponse<String> again = post(apply, Map.of("mode", "APPLY"), Map.of("X-Requested-By", "test"));
    assertThat(again.body()).contains("id=\"report-no-change\"");

    assertThat(post(apply, Map.of("mode", "SOON"), Map.of("X-Requested-By", "test")).statusCode()).isEqualTo(422);
    assertThat(get(page + "?from=20000101T000000000Z", Map.of()).body()).contains("id=\"userdata-error\"",
        "No user data of cut 20000101T000000000Z");
    assertThat(get(server.uri() + "/ui/groups/nope/userdata", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void restorePageListsKeptCutsDryRunsAndShowsRefusalsAtTheirField() {
    String page = server.uri() + "/ui/groups/pages/restore";
    HttpResponse<String> shown = get(page, Map.of());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).contains("id=\"cuts\"", "id=\"restore-form\"", "last good", "/data/pages/a");
    Matcher cut = Pattern.compile("name=\"cut\"><option value=\"(\\d{8}T\\d{9}Z)\"").matcher(shown.body());
    assertThat(cut.find()).as("the newest cut is chosen").isTrue();
    Map<String, String> fields = new LinkedHashMap<>(Map.of("cut", cut.group(1), "site", "east",
        "path", "/data/pages/a", "mode", "DRY_RUN"));
    HttpResponse<String> dry = post(page, fields, Map.of("X-Requested-By", "test"));
    assertThat(dry.statusCode()).isEqualTo(200);
    assertThat(dry.body()).contains("Dry run: would restore", "id=\"restore-entries\"", "/data/pages/a/part-0.csv",
        "replaces");
    fields.put("mode", "RESTORE");
    HttpResponse<String> refused = post(page, fields, Map.of("X-Requested-By", "test"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("id=\"restore-problem\"", "Restore target exists on east: /data/pages/a");
    fields.put("path", "/data/elsewhere");
    HttpResponse<String> outside = post(page, fields, Map.of("X-Requested-By", "test"));
    assertThat(outside.statusCode()).isEqualTo(422);
    assertThat(outside.body()).contains("id=\"error-path\"", "is not in the data sets of group pages");
    assertThat(get(server.uri() + "/ui/groups/nope/restore", Map.of()).statusCode()).isEqualTo(404);
  }

  /** Issue 21 C: the group's page starts a DR test, shows what it checked, and stops it; refusals keep their status. */
  @Test
  void theGroupPageStartsShowsAndStopsADrTest() {
    String page = server.uri() + "/ui/groups/pages";
    Map<String, String> js = Map.of("X-Requested-By", "test");
    assertThat(get(page, Map.of()).body()).contains("id=\"drtest-form\"", "name=\"databaseSuffix\"")
        .doesNotContain("id=\"drtest-paths\"");
    HttpResponse<String> bad = post(page + "/drtest/start", Map.of("databaseSuffix", "a b"), js);
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("Invalid database suffix");

    HttpResponse<String> started = post(page + "/drtest/start", Map.of("databaseSuffix", "_ui"), js);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(started.body()).contains("groups/pages?notice=drtest-started\"");
    HttpResponse<String> shown = get(page, Map.of());
    assertThat(shown.body()).contains("id=\"drtest-passed\"", "id=\"drtest-paths\"", "/data/pages/a",
        "/.snapshot/tandem-pages-", "EQUAL", "Stop the DR test").doesNotContain("id=\"drtest-form\"");
    assertThat(post(page + "/drtest/start", Map.of(), js).statusCode()).isEqualTo(409);

    HttpResponse<String> stopped = post(page + "/drtest/stop", Map.of(), js);
    assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
    assertThat(get(page, Map.of()).body()).contains("id=\"drtest-form\"").doesNotContain("id=\"drtest-paths\"");
    assertThat(post(page + "/drtest/stop", Map.of(), js).statusCode()).isEqualTo(404);
  }

  @Test
  void unknownThingsAreErrorPagesWithTheApisStatus() {
    HttpResponse<String> group = get(server.uri() + "/ui/groups/nope", Map.of());
    assertThat(group.statusCode()).isEqualTo(404);
    assertThat(group.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(group.body()).contains("Unknown protection group &#39;nope&#39;");
    assertThat(get(server.uri() + "/ui/groups/pages/runs/r-20200101T000000000Z", Map.of()).statusCode())
        .isEqualTo(404);
    assertThat(get(server.uri() + "/ui/static/nothing.js", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void pagesForbidFramingByOthersAndForeignScripts() {
    HttpResponse<String> page = get(server.uri() + "/ui/", Map.of());
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'", "frame-ancestors 'self'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(get(server.uri() + "/ui/static/tandem.js", Map.of()).headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/javascript");
  }

  @ParameterizedTest
  @CsvSource({"ui, ui/", "ui/, ''", "/ui/runs, ''", "ui/groups/billing, ../", "ui/groups/billing/edit, ../../",
      "ui/groups/billing/runs/r-1, ../../../"})
  void everyPageKnowsItsWayBackToTheRoot(String path, String base) {
    assertThat(UiResource.base(path)).isEqualTo(base);
  }

  @ParameterizedTest
  @CsvSource({"name, name", "primary, pair", "pair.secondary, pair", "schedule.backupMoment, backupMoment",
      "schedule.periodicity, periodicity", "schedule.zone, zone", "retention, retention", "dataSets, dataSets",
      "dataSets[0].path, hdfs[1]", "dataSets[1].database, hiveDb[0]", "dataSets[2].table, hiveTable[0]",
      "dataSets[9], dataSets"})
  void engineFieldsLandBesideTheirFormField(String apiField, String formField) {
    Map<String, List<String>> form = Map.of("name", List.of("billing"), "pair", List.of("east--west"),
        "hdfs", List.of("", "/data/a"), "hiveDb", List.of("sales"), "hiveTable", List.of("sales.orders"));
    assertThat(GroupForm.parse(form, null).fieldOf(apiField)).isEqualTo(formField);
  }

  private static HttpResponse<String> get(String url, Map<String, String> headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    headers.forEach(r::header);
    return send(r.GET().build());
  }

  private static HttpResponse<String> post(String url, Map<String, String> fields, Map<String, String> headers) {
    String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded");
    headers.forEach(r::header);
    return send(r.POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
