package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.testing.NameNodes;
import dev.tandem.testing.Trees;
import dev.tandem.testing.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint's success and failure paths, against a real server over the two-site sandbox. */
class ApiTest extends ServerTest {

  // ---------------------------------------------------------------- sites and pairs

  @Test
  void sitesShowLocationSpecAndHealth() {
    server.refreshHealth();
    JsonNode sites = http.get("/api/v1/sites").json();
    assertThat(sites.findValuesAsText("id")).contains("east", "west");
    JsonNode east = site(sites, "east");
    assertThat(east.path("id").asText()).isEqualTo("east");
    assertThat(east.path("local").asBoolean()).isTrue();
    assertThat(east.path("location").asText()).contains("primary");
    assertThat(east.path("roles").get(0).asText()).isEqualTo("PRIMARY of east--west");
    assertThat(east.path("spec").path("source").asText()).isEqualTo("live");
    assertThat(east.path("spec").path("nodes").asInt()).isEqualTo(1);
    assertThat(east.path("spec").path("hdfsCapacityBytes").asLong()).isPositive();
    assertThat(east.path("health").path("reachable").asBoolean()).isTrue();
    assertThat(site(sites, "west").path("roles").get(0).asText()).isEqualTo("SECONDARY of east--west");

    assertThat(http.get("/api/v1/sites/west").json().path("local").asBoolean()).isFalse();
    assertError(http.get("/api/v1/sites/nowhere"), 404, "not_found", null);
    assertError(http.get("/api/v1/sites/Bad%20Name"), 404, "not_found", null);
  }

  @Test
  void connectivityOfSiteAndPair() {
    JsonNode site = http.get("/api/v1/sites/west/connectivity").json();
    assertThat(site.path("ok").asBoolean()).isTrue();
    assertThat(site.path("registry").path("ok").asBoolean()).isTrue();
    assertThat(site.path("fileSystem").path("ok").asBoolean()).isTrue();
    JsonNode pair = http.get("/api/v1/pairs/east--west/connectivity").json();
    assertThat(pair.path("ok").asBoolean()).isTrue();
    assertThat(pair.path("sites")).hasSize(2);
    assertError(http.get("/api/v1/pairs/east--nowhere/connectivity"), 404, "not_found", null);
  }

  @Test
  void registerSitePairAndUnpair() {
    var west = sandbox.secondary();
    Map<String, Object> north = Map.of("location", "North DC", "fileSystemUri", west.fileSystemUri(),
        "registryConnect", west.zkConnect());
    assertError(http.csrf().put("/api/v1/sites/east", north), 409, "conflict", null);
    assertError(http.csrf().put("/api/v1/sites/north", Map.of("fileSystemUri", "not-a-uri",
        "registryConnect", "x")), 422, "invalid_input", "fileSystemUri");
    assertThat(primaryRegistry().site(dev.tandem.model.SiteId.of("north"))).isEmpty();

    Http.Reply put = http.csrf().put("/api/v1/sites/north", north);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().path("location").asText()).isEqualTo("North DC");

    Http.Reply created = http.csrf().post("/api/v1/pairs", Map.of("primary", "east", "secondary", "north"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/api/v1/pairs/east--north");
    assertThat(created.json().path("groups")).isEmpty();
    assertError(http.csrf().post("/api/v1/pairs", Map.of("primary", "east", "secondary", "north")), 409,
        "conflict", null);
    assertThat(http.get("/api/v1/pairs/east--north").status()).isEqualTo(200);
    assertError(http.csrf().delete("/api/v1/sites/north"), 409, "conflict", null);
    assertThat(primaryRegistry().site(dev.tandem.model.SiteId.of("north"))).as("refused: still paired").isPresent();

    Http.Reply deleted = http.csrf().delete("/api/v1/pairs/east--north");
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertError(http.get("/api/v1/pairs/east--north"), 404, "not_found", null);
    assertError(http.csrf().delete("/api/v1/pairs/east--north"), 404, "not_found", null);

    Http.Reply forgotten = http.csrf().delete("/api/v1/sites/north");
    assertThat(forgotten.status()).as(forgotten.toString()).isEqualTo(204);
    assertThat(primaryRegistry().site(dev.tandem.model.SiteId.of("north"))).isEmpty();
    assertError(http.get("/api/v1/sites/north"), 404, "not_found", null);
    assertError(http.csrf().delete("/api/v1/sites/north"), 404, "not_found", null);
    assertError(http.csrf().delete("/api/v1/sites/east"), 409, "conflict", null);
    assertThat(primaryRegistry().site(dev.tandem.model.SiteId.of("east"))).isPresent();
  }

  static Stream<Arguments> badPairs() {
    return Stream.of(
        Arguments.of(Map.of("primary", "east", "secondary", "nowhere"), "secondary"),
        Arguments.of(Map.of("primary", "nowhere", "secondary", "west"), "primary"),
        Arguments.of(Map.of("primary", "east", "secondary", "east"), "secondary"),
        Arguments.of(Map.of("primary", "East!", "secondary", "west"), "primary"),
        Arguments.of(Map.of("secondary", "west"), "primary"));
  }

  @ParameterizedTest
  @MethodSource("badPairs")
  void badPairIsRejectedAndChangesNothing(Map<String, Object> body, String field) {
    List<?> before = primaryRegistry().pairs();
    assertError(http.csrf().post("/api/v1/pairs", body), 422, "invalid_input", field);
    assertThat(primaryRegistry().pairs()).isEqualTo(before);
  }

  @Test
  void pairInUseCannotBeDeletedAndReversedPairConflicts() throws Exception {
    createGroup("inuse", "/api-inuse/a");
    assertError(http.csrf().delete("/api/v1/pairs/east--west"), 409, "conflict", null);
    assertError(http.csrf().post("/api/v1/pairs", Map.of("primary", "west", "secondary", "east")), 409,
        "conflict", null);
    assertThat(http.get("/api/v1/pairs").json().get(0).path("groups").toString()).contains("inuse");
  }

  // ---------------------------------------------------------------- pickers

  @Test
  void hdfsPickerListsDirectoriesWithSnapshotAndProtection() throws Exception {
    Trees.write(primaryFs(), "/pick/snap/x.txt", "x");
    Trees.write(primaryFs(), "/pick/plain/y.txt", "y");
    Trees.write(primaryFs(), "/pick/file.txt", "f");
    primaryFs().allowSnapshot(new Path("/pick/snap"));
    createGroup("picked", "/pick/plain/inner");

    JsonNode listing = http.get("/api/v1/sites/east/hdfs?path=/pick").json();
    assertThat(listing.path("path").asText()).isEqualTo("/pick");
    JsonNode dirs = listing.path("directories");
    assertThat(dirs).hasSize(2); // the file is not offered
    assertThat(dirs.get(0).path("name").asText()).isEqualTo("plain");
    assertThat(dirs.get(0).path("protectedBy").asText()).isEqualTo("picked");
    assertThat(dirs.get(1).path("path").asText()).isEqualTo("/pick/snap");
    assertThat(dirs.get(1).path("snapshottable").asBoolean()).isTrue();
    assertThat(dirs.get(1).path("protectedBy").isNull()).isTrue();

    assertError(http.get("/api/v1/sites/east/hdfs?path=/pick/missing"), 404, "not_found", null);
    assertError(http.get("/api/v1/sites/east/hdfs?path=/pick/file.txt"), 422, "invalid_input", "path");
    assertError(http.get("/api/v1/sites/east/hdfs?path=relative"), 422, "invalid_input", "path");
    assertError(http.get("/api/v1/sites/nowhere/hdfs?path=/"), 404, "not_found", null);
  }

  @Test
  void hivePickerSaysWhyItIsUnavailable() {
    assertError(http.get("/api/v1/sites/east/hive/databases"), 503, "unavailable", null);
    assertError(http.get("/api/v1/sites/east/hive/databases/sales/tables"), 503, "unavailable", null);
    assertError(http.get("/api/v1/sites/nowhere/hive/databases"), 404, "not_found", null);
  }

  // ---------------------------------------------------------------- groups

  @Test
  void groupLifecycle() throws Exception {
    Http.Reply created = http.csrf().post("/api/v1/groups", groupBody("life", "/api-life/a", "/api-life/b"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/api/v1/groups/life");
    JsonNode g = created.json();
    assertThat(g.path("pair").asText()).isEqualTo("east--west");
    assertThat(g.path("schedule").path("periodicitySeconds").asLong()).isEqualTo(14400);
    assertThat(g.path("hiveFencing").asText()).as("the fence is required unless asked otherwise").isEqualTo("REQUIRED");
    assertThat(g.path("state").path("lastGoodCut").isNull()).isTrue();
    assertThat(g.path("state").path("nextRunAt").asText()).endsWith("Z");
    assertThat(secondaryRegistry().group(GroupName.of("life"))).as("stored on both sites").isPresent();
    assertError(http.csrf().post("/api/v1/groups", groupBody("life", "/api-life/a")), 409, "conflict", null);

    Map<String, Object> changed = new HashMap<>(groupBody("life", "/api-life/a"));
    changed.remove("name");
    changed.put("retention", 9);
    changed.put("schedule", Map.of("backupMoment", "02:00", "periodicity", "1d", "zone", "Europe/Berlin"));
    Http.Reply updated = http.csrf().put("/api/v1/groups/life", changed);
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().path("retention").asInt()).isEqualTo(9);
    assertThat(updated.json().path("schedule").path("zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(updated.json().path("dataSets")).hasSize(1);

    changed.put("name", "other");
    assertError(http.csrf().put("/api/v1/groups/life", changed), 422, "invalid_input", "name");
    changed.remove("name");
    changed.put("secondary", "east");
    changed.put("primary", "west");
    assertError(http.csrf().put("/api/v1/groups/life", changed), 409, "conflict", null);
    assertError(http.csrf().put("/api/v1/groups/ghost", groupBody("ghost", "/api-life/a")), 404, "not_found", null);

    assertThat(http.csrf().post("/api/v1/groups/life/disable", null).json().path("enabled").asBoolean()).isFalse();
    assertThat(secondaryRegistry().group(GroupName.of("life")).orElseThrow().enabled()).isFalse();
    assertError(http.csrf().post("/api/v1/groups/life/runs", null), 409, "conflict", null);
    assertThat(http.csrf().post("/api/v1/groups/life/enable", null).json().path("enabled").asBoolean()).isTrue();

    assertThat(http.get("/api/v1/groups").json().findValuesAsText("name")).contains("life");
    assertThat(http.csrf().delete("/api/v1/groups/life").status()).isEqualTo(204);
    assertError(http.get("/api/v1/groups/life"), 404, "not_found", null);
    assertThat(secondaryRegistry().group(GroupName.of("life"))).isEmpty();
    assertError(http.csrf().delete("/api/v1/groups/life"), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/life/enable", null), 404, "not_found", null);
  }

  static Stream<Arguments> badGroups() throws Exception {
    Map<String, Object> ok = groupBody("bad", "/api-bad/a");
    return Stream.of(
        Arguments.of(without(ok, "name"), "name"),
        Arguments.of(with(ok, "name", "Bad Name"), "name"),
        Arguments.of(without(ok, "primary"), "primary"),
        Arguments.of(with(ok, "secondary", "nowhere"), "pair"),
        Arguments.of(with(ok, "dataSets", List.of()), "dataSets"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "ftp", "path", "/x"))), "dataSets[0].kind"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "rel/x"))), "dataSets[0].path"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/api-bad/missing"))),
            "dataSets[0].path"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/api-bad/a"),
            Map.of("kind", "hdfs", "path", "/api-bad/a/sub"))), "dataSets[1]"),
        Arguments.of(with(ok, "schedule", Map.of("backupMoment", "25:00", "periodicity", "4h")),
            "schedule.backupMoment"),
        Arguments.of(with(ok, "schedule", Map.of("backupMoment", "01:30", "periodicity", "often")),
            "schedule.periodicity"),
        Arguments.of(with(ok, "schedule", Map.of("backupMoment", "01:30", "periodicity", "4h", "zone", "Mars/Base")),
            "schedule.zone"),
        Arguments.of(without(ok, "schedule"), "schedule"),
        Arguments.of(with(ok, "retention", 0), "retention"),
        Arguments.of(with(ok, "retention", "many"), "retention"),
        Arguments.of(with(ok, "snapshots", "ALWAYS"), "snapshots"),
        Arguments.of(with(ok, "retension", 3), "retension"),
        Arguments.of(with(ok, "retention", 99999999999L), "retention"),
        Arguments.of(with(ok, "hiveFencing", "SOMETIMES"), "hiveFencing"),
        Arguments.of(with(ok, "schedule", Map.of("backupMoment", "01:30", "periodicity", "99999999999999999999h")),
            "schedule.periodicity"),
        Arguments.of(with(ok, "schedule", Map.of("backupMoment", "01:30", "periodicity", "9999999999999999d")),
            "schedule.periodicity"),
        Arguments.of(with(ok, "schedule", Map.of("backupMoment", "01:30", "periodicity", "20000000d")),
            "schedule.periodicity"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/api-bad/a:b"))),
            "dataSets[0].path"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/.reserved/raw/api-bad/a"))),
            "dataSets[0].path"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/.reserved/.inodes/16386"))),
            "dataSets[0].path"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/"))), "dataSets[0]"),
        Arguments.of(with(ok, "dataSets", List.of(Map.of("kind", "hdfs", "path", "/tandem"))), "dataSets[0]"));
  }

  static Stream<Arguments> badSites() {
    return Stream.of(
        Arguments.of("a--b", "hdfs://nn:8020", "site"),
        Arguments.of("north", "file:///etc", "fileSystemUri"),
        Arguments.of("north", "hdfs://bad host:8020", "fileSystemUri"),
        Arguments.of("north", "hdfs://nn:8020/data", "fileSystemUri"));
  }

  @ParameterizedTest
  @MethodSource("badSites")
  void badSiteIsRejectedNamingTheFieldAndChangesNothing(String id, String fileSystemUri, String field) {
    List<?> before = primaryRegistry().sites();
    assertError(http.csrf().put("/api/v1/sites/" + id, Map.of("fileSystemUri", fileSystemUri,
        "registryConnect", "zk:2181")), 422, "invalid_input", field);
    assertThat(primaryRegistry().sites()).isEqualTo(before);
  }

  @Test
  void everyAnswerIsNosniffAndNoMethodOrPathGivesA500() {
    Http.Reply groups = http.get("/api/v1/groups");
    assertThat(groups.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Http.Reply missing = http.get("/api/v1/groups/ghost");
    assertError(missing, 404, "not_found", null);
    assertThat(missing.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Http.Reply options = http.send("OPTIONS", "/api/v1/groups", null, null);
    assertThat(options.status()).as(options.toString()).isLessThan(500);
    assertThat(options.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertError(http.get("/api/v1/sites/east/hdfs?path=/a:b"), 422, "invalid_input", "path");
    assertError(http.get("/api/v1/sites/east/hdfs?path=/.reserved/raw"), 422, "invalid_input", "path");
    assertError(http.get("/api/v1/sites/east/hive/databases/%40hive%23billing/tables"), 422, "invalid_input",
        "database");
  }

  @ParameterizedTest
  @MethodSource("badGroups")
  void badGroupIsRejectedNamingTheFieldAndChangesNothing(Map<String, Object> body, String field) {
    Set<String> before = groupNames();
    Http.Reply reply = http.csrf().post("/api/v1/groups", body);
    assertError(reply, 422, "invalid_input", field);
    assertThat(groupNames()).isEqualTo(before);
  }

  @Test
  void malformedJsonIs400AndWrongMediaTypeIs415() {
    assertError(http.csrf().send("POST", "/api/v1/groups", "{\"name\": ", "application/json"), 400,
        "malformed_request", null);
    assertError(http.csrf().send("POST", "/api/v1/groups", "name=x", "text/plain"), 415,
        "unsupported_media_type", null);
  }

  // ---------------------------------------------------------------- restore

  @Test
  void restoreFromAKeptCutWithDryRunConfirmationAndFieldErrors() throws Exception {
    createGroup("restored", "/api-restore/a");
    String run = http.csrf().post("/api/v1/groups/restored/runs", null).json().path("id").asText();
    assertThat(awaitRun("restored", run).path("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode cuts = http.get("/api/v1/groups/restored/cuts").json();
    assertThat(cuts).hasSize(1);
    assertThat(cuts.get(0).path("lastGood").asBoolean()).isTrue();
    String cut = cuts.get(0).path("id").asText();
    Trees.write(primaryFs(), "/api-restore/a/part-0.csv", "changed\n");
    String restore = "/api/v1/groups/restored/cuts/" + cut + "/restore";

    assertError(http.get("/api/v1/groups/ghost/cuts"), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/ghost/cuts/" + cut + "/restore", Map.of("site", "east",
        "path", "/api-restore/a")), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/restored/cuts/20000101T000000000Z/restore", Map.of("site", "east",
        "path", "/api-restore/a")), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/restored/cuts/nonsense/restore", Map.of("site", "east",
        "path", "/api-restore/a")), 404, "not_found", null);
    assertError(http.csrf().post(restore, Map.of("site", "east", "path", "/api-run/a")), 422, "invalid_input",
        "path");
    assertError(http.csrf().post(restore, Map.of("path", "/api-restore/a")), 422, "invalid_input", "site");
    assertError(http.csrf().post(restore, Map.of("site", "north", "path", "/api-restore/a")), 422,
        "invalid_input", "site");
    assertError(http.csrf().post(restore, Map.of("site", "east", "path", "/api-restore/a", "targetPath",
        "/tandem/x")), 422, "invalid_input", "targetPath");
    assertError(http.csrf().post(restore, Map.of("site", "east", "path", "/api-restore/a", "sideways", true)), 422,
        "invalid_input", "sideways");

    Http.Reply dry = http.csrf().post(restore, Map.of("site", "east", "path", "/api-restore/a", "dryRun", true));
    assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
    assertThat(dry.json().path("entries").findValuesAsText("path")).containsExactly("/api-restore/a",
        "/api-restore/a/part-0.csv");
    assertThat(dry.json().path("actions").get(0).path("replaces").asBoolean()).isTrue();
    Http.Reply refused = http.csrf().post(restore, Map.of("site", "east", "path", "/api-restore/a"));
    assertError(refused, 409, "conflict", null);
    assertThat(refused.json().path("message").asText()).contains("/api-restore/a");
    assertThat(Trees.read(primaryFs(), "/api-restore/a/part-0.csv")).isEqualTo("changed\n");

    Http.Reply done = http.csrf().post(restore, Map.of("site", "east", "path", "/api-restore/a", "overwrite", true));
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().path("filesCopied").asLong()).isEqualTo(1);
    assertThat(Trees.read(primaryFs(), "/api-restore/a/part-0.csv")).isEqualTo("a,b\n1,2\n");
    Http.Reply elsewhere = http.csrf().post(restore, Map.of("site", "west", "path", "/api-restore/a/part-0.csv",
        "targetPath", "/api-restored/part-0.csv"));
    assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(200);
    assertThat(Trees.read(sandbox.secondary().fs(), "/api-restored/part-0.csv")).isEqualTo("a,b\n1,2\n");
  }

  // ---------------------------------------------------------------- DR test

  /**
   * Issue 21 C over REST: start (201) on the last good cut, status (200), a second start (409), stop (200), then
   * nothing active (404 for status and stop); unknown group or cut 404, a malformed cut or suffix 422 naming the
   * field, and nothing recorded by a refused start. The start is in the audit log like a restore.
   */
  @Test
  void drTestStartsOnTheLastGoodCutAnswersWhatItCheckedAndStops() throws Exception {
    createGroup("drtested", "/api-drtest/a");
    String run = http.csrf().post("/api/v1/groups/drtested/runs", null).json().path("id").asText();
    assertThat(awaitRun("drtested", run).path("state").asText()).isEqualTo("SUCCEEDED");
    String cut = http.get("/api/v1/groups/drtested/cuts").json().get(0).path("id").asText();
    String base = "/api/v1/groups/drtested/drtest";

    assertError(http.get(base), 404, "not_found", null);
    assertError(http.get("/api/v1/groups/ghost/drtest"), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/ghost/drtest", Map.of()), 404, "not_found", null);
    assertError(http.csrf().post(base, Map.of("cut", "20000101T000000000Z")), 404, "not_found", null);
    assertError(http.csrf().post(base, Map.of("cut", "nonsense")), 422, "invalid_input", "cut");
    assertError(http.csrf().post(base, Map.of("databaseSuffix", "_dr test")), 422, "invalid_input",
        "databaseSuffix");
    assertError(http.csrf().post(base, Map.of("sideways", true)), 422, "invalid_input", "sideways");
    assertError(http.csrf().delete(base), 404, "not_found", null);
    assertThat(secondaryRegistry().drTest(GroupName.of("drtested"))).as("nothing recorded").isEmpty();

    Http.Reply started = http.csrf().post(base, null);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    assertThat(started.header("Location")).endsWith(base);
    JsonNode test = started.json();
    assertThat(test.path("cut").asText()).isEqualTo(cut);
    assertThat(test.path("site").asText()).isEqualTo("west");
    assertThat(test.path("startedBy").asText()).isEqualTo("sandbox");
    assertThat(test.path("passed").asBoolean()).as(test.toString()).isTrue();
    JsonNode path = test.path("paths").get(0);
    assertThat(path.path("path").asText()).isEqualTo("/api-drtest/a");
    assertThat(path.path("snapshotPath").asText()).endsWith("/.snapshot/tandem-drtested-" + cut);
    assertThat(path.path("files").asLong()).isEqualTo(1);
    assertThat(path.path("bytes").asLong()).isEqualTo(8);
    assertThat(path.path("primaryComparison").asText()).isEqualTo("EQUAL");
    assertThat(Trees.read(sandbox.secondary().fs(), path.path("snapshotPath").asText() + "/part-0.csv"))
        .isEqualTo("a,b\n1,2\n");
    assertThat(test.path("checks").findValuesAsText("name")).contains("HDFS data set /api-drtest/a exposed");
    assertThat(secondaryRegistry().drTest(GroupName.of("drtested"))).isPresent();

    Http.Reply status = http.get(base);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json()).isEqualTo(test);
    Http.Reply again = http.csrf().post(base, Map.of("databaseSuffix", "_other"));
    assertError(again, 409, "conflict", null);
    assertThat(again.json().path("message").asText()).contains(cut, "stop it first");
    assertError(http.csrf().delete("/api/v1/groups/drtested"), 409, "conflict", null);
    assertThat(primaryRegistry().group(GroupName.of("drtested"))).as("not deleted under an active DR test").isPresent();

    Http.Reply stopped = http.csrf().delete(base);
    assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
    assertThat(stopped.json().path("cut").asText()).isEqualTo(cut);
    assertThat(stopped.json().path("holdReleased").asBoolean()).isTrue();
    assertError(http.get(base), 404, "not_found", null);
    assertError(http.csrf().delete(base), 404, "not_found", null);
    assertThat(secondaryRegistry().drTest(GroupName.of("drtested"))).isEmpty();

    List<JsonNode> audit = AuditEntries.inZooKeeper(sandbox.primary().zkConnect());
    assertThat(AuditEntries.find(audit, "drTest.start", "sandbox", 201).path("group").asText()).isEqualTo("drtested");
    AuditEntries.find(audit, "drTest.start", "sandbox", 409);
    AuditEntries.find(audit, "drTest.stop", "sandbox", 200);
  }

  // ---------------------------------------------------------------- runs

  @Test
  void runStartsAsynchronouslyAndReportsStepsProgressWindowAndVerification() throws Exception {
    createGroup("runner", "/api-run/a");
    Http.Reply accepted = http.csrf().post("/api/v1/groups/runner/runs", null);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().path("id").asText();
    assertThat(id).matches("r-\\d{8}T\\d{9}Z");
    assertThat(accepted.header("Location")).endsWith("/api/v1/groups/runner/runs/" + id);
    assertThat(accepted.json().path("state").asText()).isEqualTo("RUNNING");
    assertThat(accepted.json().path("requestedBy").asText()).isEqualTo("sandbox");

    JsonNode run = awaitRun("runner", id);
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("steps").findValuesAsText("step")).containsSequence("SYNC_CONFIG", "LOCK", "PLAN", "RECOVER",
        "CUT", "REPLICATE", "REPLICATE_METADATA", "SEAL", "VERIFY", "USER_DATA", "COMMIT", "RETAIN");
    assertThat(run.path("consistencyWindowMs").isNumber()).isTrue();
    assertThat(run.path("verification").path("ok").asBoolean()).isTrue();
    assertThat(run.path("report").path("mode").asText()).isEqualTo("FULL");
    assertThat(run.path("progress").isNull()).isTrue();

    JsonNode group = http.get("/api/v1/groups/runner").json();
    assertThat(group.path("state").path("lastGoodCut").asText()).isEqualTo(run.path("cut").asText());
    assertThat(group.path("state").path("lastRun").path("id").asText()).isEqualTo(id);

    JsonNode listed = http.get("/api/v1/runs?group=runner").json().get(0);
    assertThat(listed.path("id").asText()).isEqualTo(id);
    assertThat(listed.path("requestedBy").asText()).as("kept with the run's record").isEqualTo("sandbox");
    assertThat(primaryRegistry().run(GroupName.of("runner"), id).orElseThrow().requestedBy()).isEqualTo("sandbox");
    assertThat(http.get("/api/v1/groups/runner/runs?state=SUCCEEDED").json()).hasSize(1);
    assertThat(http.get("/api/v1/groups/runner/runs?state=FAILED").json()).isEmpty();
    assertThat(http.get("/api/v1/runs?since=2999-01-01T00:00:00Z").json()).isEmpty();
    assertThat(http.get("/api/v1/runs?limit=1").json()).hasSize(1);
    assertError(http.get("/api/v1/groups/runner/runs/r-20000101T000000000Z"), 404, "not_found", null);
    assertError(http.get("/api/v1/groups/runner/runs/..%2F..%2Fsites"), 404, "not_found", null);
    assertError(http.get("/api/v1/groups/ghost/runs/" + id), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/ghost/runs", null), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/runner/runs/" + id + "/cancel", null), 409, "conflict", null);
  }

  static Stream<Arguments> badRunFilters() {
    return Stream.of(
        Arguments.of("state=DONE", "state"),
        Arguments.of("since=yesterday", "since"),
        Arguments.of("limit=0", "limit"),
        Arguments.of("limit=lots", "limit"),
        Arguments.of("group=ghost", "group"));
  }

  @ParameterizedTest
  @MethodSource("badRunFilters")
  void badRunFiltersAre422(String query, String field) {
    assertError(http.get("/api/v1/runs?" + query), 422, "invalid_input", field);
  }

  @Test
  void secondRunOfTheSameGroupIsRefusedWhileOneRuns() throws Exception {
    createGroup("busy", "/api-busy/a");
    HOLD.arm("busy", RunStep.PLAN);
    String id = http.csrf().post("/api/v1/groups/busy/runs", null).json().path("id").asText();
    HOLD.awaitReached("busy");
    JsonNode running = http.get("/api/v1/groups/busy/runs/" + id).json();
    assertThat(running.path("state").asText()).isEqualTo("RUNNING");
    assertThat(running.path("currentStep").asText()).isEqualTo("PLAN");
    assertThat(http.get("/api/v1/status").json().findValue("groups").toString()).contains("\"running\":true");
    assertError(http.csrf().post("/api/v1/groups/busy/runs", null), 409, "conflict", null);
    assertError(http.csrf().delete("/api/v1/groups/busy"), 409, "conflict", null);
    HOLD.release("busy");
    assertThat(awaitRun("busy", id).path("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void verifyAllComparesEveryFileAndIsRefusedWhileTheGroupRuns() throws Exception {
    createGroup("whole", "/api-whole/a");
    for (int i = 0; i < 4; i++) {
      dev.tandem.testing.Trees.write(primaryFs(), "/api-whole/a/d" + (i % 2) + "/f" + i, "f" + i);
    }
    String first = http.csrf().post("/api/v1/groups/whole/runs", null).json().path("id").asText();
    assertThat(awaitRun("whole", first).path("state").asText()).isEqualTo("SUCCEEDED");

    HOLD.arm("whole", RunStep.PLAN);
    String held = http.csrf().post("/api/v1/groups/whole/runs", null).json().path("id").asText();
    HOLD.awaitReached("whole");
    assertError(http.csrf().post("/api/v1/groups/whole/runs?verifyAll=true", null), 409, "conflict", null);
    HOLD.release("whole");
    assertThat(awaitRun("whole", held).path("state").asText()).isEqualTo("SUCCEEDED");

    assertError(http.csrf().post("/api/v1/groups/ghost/runs?verifyAll=true", null), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/whole/runs?verifyAll=maybe", null), 422, "invalid_input",
        "verifyAll");
    assertThat(http.get("/api/v1/groups/whole/runs").json()).hasSize(2); // the refused starts changed nothing

    Http.Reply accepted = http.csrf().post("/api/v1/groups/whole/runs?verifyAll=true", null);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    JsonNode run = awaitRun("whole", accepted.json().path("id").asText());
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("report").path("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(run.path("verification").path("checksumsCompared").asLong()).isEqualTo(5); // and part-0.csv
    JsonNode scrub = run.path("report").path("scrub");
    assertThat(scrub.path("wholeTree").asBoolean()).as(scrub.toString()).isTrue();
    assertThat(scrub.path("filesDiffered").asLong()).isZero();
    assertThat(scrub.path("sharePercent").isNumber()).isTrue();
    // A whole verification cannot use the slice compared since the last commit: it compares beside its copy.
    assertThat(scrub.path("betweenRuns").isBoolean()).as(scrub.toString()).isTrue();
    assertThat(scrub.path("betweenRuns").asBoolean()).isFalse();
    assertThat(scrub.path("fullPassAt").asText()).isNotEmpty();
    JsonNode last = http.get("/api/v1/status").json().findValue("groups");
    assertThat(last.toString()).contains("\"scrubDifferences\":0");
  }

  @Test
  void cancelStopsAtTheNextStepBoundaryAndKeepsTheLastGoodCut() throws Exception {
    createGroup("cancelled", "/api-cancel/a");
    String first = http.csrf().post("/api/v1/groups/cancelled/runs", null).json().path("id").asText();
    assertThat(awaitRun("cancelled", first).path("state").asText()).isEqualTo("SUCCEEDED");
    Optional<CutId> good = primaryRegistry().lastGoodCut(GroupName.of("cancelled"));
    assertThat(good).isPresent();

    Trees.write(primaryFs(), "/api-cancel/a/new.csv", "changed");
    HOLD.arm("cancelled", RunStep.REPLICATE);
    String id = http.csrf().post("/api/v1/groups/cancelled/runs", null).json().path("id").asText();
    HOLD.awaitReached("cancelled");
    Http.Reply cancel = http.csrf().post("/api/v1/groups/cancelled/runs/" + id + "/cancel", null);
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
    assertThat(cancel.json().path("cancelRequested").asBoolean()).isTrue();
    HOLD.release("cancelled");
    // The hold sits in front of REPLICATE's cancellation check, so the run stops exactly there.
    JsonNode run = awaitRun("cancelled", id);
    assertThat(run.path("state").asText()).isEqualTo("FAILED");
    assertThat(run.path("error").asText()).contains("Cancelled by sandbox before step REPLICATE");
    assertThat(run.path("steps").findValuesAsText("step")).doesNotContain("COMMIT");
    assertThat(primaryRegistry().lastGoodCut(GroupName.of("cancelled"))).isEqualTo(good);
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of("cancelled"))).isEqualTo(good);

    String next = http.csrf().post("/api/v1/groups/cancelled/runs", null).json().path("id").asText();
    assertThat(awaitRun("cancelled", next).path("state").asText()).as("the next run repairs and commits")
        .isEqualTo("SUCCEEDED");
  }

  // ---------------------------------------------------------------- status, metrics, description, errors

  @Test
  void statusHasTheShapePromisedToTheAlertScripts() throws Exception {
    createGroup("status", "/api-status/a");
    String id = http.csrf().post("/api/v1/groups/status/runs", null).json().path("id").asText();
    JsonNode run = awaitRun("status", id);
    server.refreshHealth();

    JsonNode s = http.get("/api/v1/status").json();
    assertThat(fieldNames(s)).containsAll(List.of("site", "role", "epoch", "peer", "arbiter", "groups"));
    assertThat(s.path("site").asText()).isEqualTo("east");
    assertThat(s.path("role").asText()).isEqualTo("PRIMARY");
    assertThat(fieldNames(s)).contains("pairs");
    assertThat(fieldNames(s.path("peer"))).containsExactlyInAnyOrder("site", "reachable", "lastSeen", "error");
    assertThat(s.path("peer").path("site").asText()).isEqualTo("west");
    assertThat(s.path("peer").path("reachable").asBoolean()).as(s.toString()).isTrue();
    assertThat(s.path("peer").path("error").isNull()).isTrue();
    // Per site, whether its snapshots freeze files open for write: the field the pack's service check reads, with
    // the value the site's NameNode runs with.
    // (Other tests may register sites of their own: only the sandbox's are checked.)
    assertThat(s.path("sites").findValuesAsText("site")).contains("east", "west");
    for (JsonNode site : s.path("sites")) {
      String siteId = site.path("site").asText();
      if (siteId.equals("east") || siteId.equals("west")) {
        assertThat(fieldNames(site)).contains("openFileCapture");
        assertThat(site.path("openFileCapture").asText()).as("%s", site).isEqualTo(
            NameNodes.openFileCapture(siteId.equals("east") ? sandbox.primary() : sandbox.secondary()));
      }
    }
    // The epoch and roles come from the pair's arbitration records. Only east's server runs here, so west
    // publishes no status: the pair is DEGRADED, and says why.
    Waits.until(Duration.ofSeconds(30), () -> http.get("/api/v1/status").json().path("pairs").path(0).path("role")
        .asText().equals("ACTIVE"), () -> http.get("/api/v1/status").body());
    s = http.get("/api/v1/status").json();
    JsonNode pair = s.path("pairs").get(0);
    assertThat(fieldNames(pair)).containsExactlyInAnyOrder("pair", "epoch", "role", "arbiter", "sites", "verdict");
    assertThat(pair.path("pair").asText()).isEqualTo("east+west");
    assertThat(s.path("epoch").asLong()).isPositive().isEqualTo(pair.path("epoch").path("number").asLong());
    assertThat(pair.path("epoch").path("active").asText()).isEqualTo("east");
    assertThat(pair.path("sites").findValuesAsText("role")).containsExactly("ACTIVE", "NONE");
    assertThat(pair.path("verdict").isNull()).isTrue();
    assertThat(s.path("arbiter").path("state").asText()).isEqualTo("DEGRADED");
    assertThat(s.path("arbiter").path("detail").asText())
        .isEqualTo("west published no status (no server of it runs arbitration)");
    JsonNode g = null;
    for (JsonNode x : s.path("groups")) {
      if (x.path("name").asText().equals("status")) {
        g = x;
      }
    }
    assertThat(g).isNotNull();
    assertThat(fieldNames(g)).containsAll(List.of("name", "enabled", "periodicitySeconds", "lastGoodCut",
        "lastGoodCutAt", "lagSeconds", "lastRun"));
    assertThat(g.path("periodicitySeconds").asLong()).isEqualTo(14400);
    assertThat(g.path("lastGoodCut").asText()).isEqualTo(run.path("cut").asText());
    assertThat(g.path("lastGoodCutAt").asText()).isEqualTo(new CutId(run.path("cut").asText()).instant().toString());
    assertThat(g.path("lagSeconds").asLong()).isBetween(0L, 600L);
    assertThat(fieldNames(g.path("lastRun"))).containsExactlyInAnyOrder("id", "state", "endedAt", "error",
        "scrubDifferences", "scrubDifferenceSamples");
    assertThat(g.path("lastRun").path("id").asText()).isEqualTo(id);
    assertThat(g.path("lastRun").path("state").asText()).isEqualTo("SUCCEEDED");

    createGroup("neverran", "/api-status/never");
    JsonNode never = null;
    for (JsonNode x : http.get("/api/v1/status").json().path("groups")) {
      if (x.path("name").asText().equals("neverran")) {
        never = x;
      }
    }
    assertThat(never.path("lastGoodCut").isNull()).isTrue();
    assertThat(never.path("lastRun").isNull()).isTrue();
    assertThat(never.path("lagSeconds").isNull()).isTrue();
  }

  @Test
  void peerOutageShowsInStatusAsDegraded() throws Exception {
    sandbox.secondary().zookeeper().stop();
    try {
      server.refreshHealth();
      JsonNode s = http.get("/api/v1/status").json();
      assertThat(s.path("peer").path("reachable").asBoolean()).isFalse();
      assertThat(s.path("peer").path("error").asText()).contains("registry");
      assertThat(s.path("arbiter").path("state").asText()).isEqualTo("DEGRADED");
      assertThat(s.path("arbiter").path("detail").asText()).contains("west");
    } finally {
      sandbox.secondary().zookeeper().restart();
    }
    await("west is reachable again", () -> {
      server.refreshHealth();
      return http.get("/api/v1/status").json().path("peer").path("reachable").asBoolean();
    });
  }

  @Test
  void metricsArePrometheusTextWithThePromisedNames() throws Exception {
    createGroup("metered", "/api-metrics/a");
    long before = (long) server.metrics().samples().stream().filter(x -> x.name().equals(Metrics.RUNS_SUCCEEDED))
        .findFirst().orElseThrow().value();
    String id = http.csrf().post("/api/v1/groups/metered/runs", null).json().path("id").asText();
    assertThat(awaitRun("metered", id).path("state").asText()).isEqualTo("SUCCEEDED");

    Http.Reply m = http.get("/metrics");
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.header("Content-Type")).startsWith("text/plain");
    assertThat(m.body()).contains("# TYPE tandem_runs_succeeded counter", "tandem_runs_failed ",
        "tandem_bytes_copied ", "tandem_files_copied ", "tandem_consistency_window_ms{group=\"metered\"} ",
        "tandem_group_lag_seconds{group=\"metered\"} ", "tandem_runs_succeeded " + (before + 1));
  }

  @Test
  void openApiDescribesExactlyTheServedOperations() throws Exception {
    Http.Reply reply = http.get("/api/v1/openapi.json");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode spec = reply.json();
    assertThat(spec.path("openapi").asText()).isEqualTo("3.0.3");

    Set<String> served = new java.util.TreeSet<>();
    for (Class<?> resource : TandemServer.resourceClasses()) {
      String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
      for (java.lang.reflect.Method m : resource.getDeclaredMethods()) {
        String verb = OpenApi.verb(m);
        if (verb != null) {
          jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
          served.add(verb + " " + OpenApi.join(base, sub == null ? "" : sub.value()));
          assertThat(m.isAnnotationPresent(dev.tandem.server.auth.RequiresRole.class)
              || m.isAnnotationPresent(dev.tandem.server.auth.Public.class)).as("%s declares who may call it", m)
              .isTrue();
        }
      }
    }
    Set<String> described = new java.util.TreeSet<>();
    spec.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(v -> described.add(v + " " + p.getKey())));
    assertThat(described).isEqualTo(served);
    assertThat(described).contains("get /api/v1/status", "post /api/v1/groups/{group}/runs", "get /metrics");

    // Every $ref resolves, and every DTO schema lists exactly the record's fields.
    JsonNode schemas = spec.path("components").path("schemas");
    for (String ref : spec.findValuesAsText("$ref")) {
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      assertThat(schemas.has(name)).as("schema %s", name).isTrue();
      Class<?> dto = Class.forName("dev.tandem.server.api." + name);
      Set<String> fields = new java.util.TreeSet<>();
      for (var c : dto.getRecordComponents()) {
        fields.add(c.getName());
      }
      assertThat(new java.util.TreeSet<>(fieldNames(schemas.path(name).path("properties")))).isEqualTo(fields);
    }
    JsonNode start = spec.path("paths").path("/api/v1/groups/{group}/runs").path("post");
    assertThat(fieldNames(start.path("responses"))).contains("202", "401", "403", "404", "409", "500");
    assertThat(start.path("x-tandem-role").asText()).isEqualTo("operator");
  }

  @Test
  void unknownPathsAndMethodsAnswerJsonErrors() {
    assertError(http.get("/api/v1/nothing-here"), 404, "not_found", null);
    assertError(http.csrf().send("PATCH", "/api/v1/groups", "{}", "application/json"), 405, "method_not_allowed",
        null);
    assertThat(http.get("/api/v1/health").json().path("status").asText()).isEqualTo("UP");
    assertThat(http.get("/api/v1/whoami").json().path("via").asText()).isEqualTo("none");
  }

  @Test
  void internalErrorCarriesAnIdAndNoStackTrace() throws Exception {
    ZkRegistry east = (ZkRegistry) primaryRegistry();
    String path = new RegistryPaths("/tandem").group(GroupName.of("corrupt"));
    east.client().create().creatingParentsIfNeeded().forPath(path, "{not json".getBytes());
    try {
      Http.Reply reply = http.get("/api/v1/groups/corrupt");
      assertError(reply, 500, "internal_error", null);
      String errorId = reply.json().path("errorId").asText();
      assertThat(errorId).matches("[0-9a-f]{16}");
      assertThat(reply.json().path("message").asText()).contains(errorId);
      assertThat(reply.body()).doesNotContain("Exception", "at dev.", "\tat ", "Corrupt");
    } finally {
      east.client().delete().forPath(path);
    }
  }

  // ---------------------------------------------------------------- state export and import

  @Test
  void stateExportThenImportIntoAFreshRegistryRecreatesSitesPairsAndGroups() throws Exception {
    createGroup("stated", "/api-state/a", "/api-state/b");
    createGroup("stated2", "/api-state/c");
    Http.Reply exported = http.get("/api/v1/state");
    assertThat(exported.status()).as(exported.toString()).isEqualTo(200);
    ObjectNode doc = (ObjectNode) exported.json();
    assertThat(doc.path("format").asText()).isEqualTo("tandem-state");
    assertThat(doc.path("version").asInt()).isEqualTo(1);
    assertThat(doc.path("exportedFrom").asText()).isEqualTo("east");
    assertThat(doc.toString()).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("secret");
    // Only this test's groups: other tests' directories may be gone by now, and an import validates against HDFS.
    ArrayNode groups = doc.putArray("groups");
    exported.json().path("groups").forEach(g -> {
      if (g.path("name").asText().startsWith("stated")) {
        groups.add(g);
      }
    });
    assertThat(groups).hasSize(2);

    // A fresh registry: the same ZooKeeper under another root, with a server of its own.
    var site = sandbox.primary();
    try (TandemServer fresh = TandemServer.builder(sandbox.site(site), new dev.tandem.runtime.HadoopSiteConnections(
            site.conf(), site.conf(), "/tandem-restored", dev.tandem.hdfs.DirectCopyLimits.DEFAULT, 2), site.conf())
        .ownsConnections(true).authenticator(dev.tandem.server.auth.Authenticator.none()).host("127.0.0.1").port(0)
        .registryRoot("/tandem-restored").instanceId("restored").healthInterval(null).schedulerTick(null)
        .arbitration(false).auditPruneInterval(null).build(true).start();
         var zk = org.apache.curator.framework.CuratorFrameworkFactory.newClient(site.zkConnect(),
             new org.apache.curator.retry.RetryOneTime(100))) {
      zk.start();
      Http restored = new Http(fresh.uri()).csrf();

      // Bad documents answer 4xx naming the field and write nothing.
      ObjectNode bad = doc.deepCopy();
      ((ObjectNode) bad.path("groups").get(1).path("dataSets").get(0)).put("path", "relative/dir");
      Http.Reply badPath = restored.post("/api/v1/state", bad);
      assertError(badPath, 422, "invalid_input", null);
      assertThat(badPath.json().path("field").asText()).startsWith("groups[1].dataSets[0]");
      assertError(restored.post("/api/v1/state", doc.deepCopy().put("version", 2)), 422, "invalid_input", "version");
      ObjectNode unpaired = doc.deepCopy();
      unpaired.putArray("pairs");
      assertError(restored.post("/api/v1/state", unpaired), 422, "invalid_input", "groups[0].pair");
      assertThat(zk.checkExists().forPath("/tandem-restored/pairs")).as("nothing half-applied").isNull();
      assertThat(zk.checkExists().forPath("/tandem-restored/groups")).isNull();
      assertThat(zk.getChildren().forPath("/tandem-restored/sites")).containsExactly("east");

      Http.Reply imported = restored.post("/api/v1/state", doc);
      assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
      assertThat(imported.json().path("created").toString()).contains("site west", "pair east--west",
          "group stated", "group stated2");
      assertThat(zk.getChildren().forPath("/tandem-restored/groups")).containsExactlyInAnyOrder("stated", "stated2");

      // Read back through REST: equal to the original's.
      for (String g : List.of("stated", "stated2")) {
        assertThat(policy(restored.get("/api/v1/groups/" + g).json()))
            .isEqualTo(policy(http.get("/api/v1/groups/" + g).json()));
      }
      JsonNode pair = restored.get("/api/v1/pairs/east--west").json();
      assertThat(pair.path("primary").asText()).isEqualTo("east");
      assertThat(pair.path("groups").toString()).contains("stated", "stated2");
      for (String id : List.of("east", "west")) {
        JsonNode mine = site(restored.get("/api/v1/sites").json(), id);
        JsonNode theirs = site(http.get("/api/v1/sites").json(), id);
        for (String f : List.of("location", "fileSystemUri", "registryConnect", "metastoreUri")) {
          assertThat(mine.path(f)).as(id + "." + f).isEqualTo(theirs.path(f));
        }
      }

      // Again: nothing new. A group that differs from the registry's is a conflict, and nothing is written.
      assertThat(restored.post("/api/v1/state", doc).json().path("created")).isEmpty();
      ObjectNode changed = doc.deepCopy();
      ((ObjectNode) changed.path("groups").get(0)).put("retention", 2);
      assertError(restored.post("/api/v1/state", changed), 409, "conflict", null);
      assertThat(restored.get("/api/v1/groups/stated").json().path("retention").asInt()).isEqualTo(5);
      assertThat(restored.get("/api/v1/state").json().path("groups")).hasSize(2);
    }
  }

  /** A group's policy as REST shows it, without its state. */
  private static JsonNode policy(JsonNode group) {
    ObjectNode copy = group.deepCopy();
    copy.remove("state");
    return copy;
  }

  // ---------------------------------------------------------------- helpers

  static void assertError(Http.Reply reply, int status, String type, String field) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.path("code").asInt()).isEqualTo(status);
    assertThat(body.path("type").asText()).as(reply.toString()).isEqualTo(type);
    assertThat(body.path("message").asText()).isNotBlank();
    if (field != null) {
      assertThat(body.path("field").asText()).as(reply.toString()).isEqualTo(field);
    }
    assertThat(reply.body()).doesNotContain("\tat ", ".java:");
  }

  static JsonNode site(JsonNode sites, String id) {
    for (JsonNode s : sites) {
      if (s.path("id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no site " + id + " in " + sites);
  }

  static void createGroup(String name, String... dirs) throws Exception {
    Http.Reply r = http.csrf().post("/api/v1/groups", groupBody(name, dirs));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  static Set<String> groupNames() {
    Set<String> out = new java.util.TreeSet<>();
    primaryRegistry().groups().forEach(g -> out.add(g.name().value()));
    secondaryRegistry().groups().forEach(g -> out.add("west:" + g.name().value()));
    return out;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }

  static Map<String, Object> without(Map<String, Object> base, String key) {
    Map<String, Object> m = new HashMap<>(base);
    m.remove(key);
    return m;
  }
}
