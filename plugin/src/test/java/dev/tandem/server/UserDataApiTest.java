package dev.tandem.server;

import static dev.tandem.server.ApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ambari.AmbariClient;
import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.fake.FakeAmbari;
import dev.tandem.testing.Trees;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.junit.jupiter.api.Test;

/**
 * The user-data endpoints on a real server over the two-site sandbox: two runs with an HDFS ACL and an Ambari
 * privilege changed on the primary between them, then versions, diff and apply as the secondary keeps them.
 */
class UserDataApiTest extends ServerTest {
  private static final String BASE = "/api/v1/groups/ud-api/userdata";

  private static FakeAmbari ambari(boolean primary) {
    return sandbox.manager(primary ? sandbox.primary() : sandbox.secondary()).ambari();
  }

  private static String run(String group) {
    Http.Reply started = http.csrf().post("/api/v1/groups/" + group + "/runs", null);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    JsonNode run = awaitRun(group, started.json().path("id").asText());
    assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    return run.path("cut").asText();
  }

  /** {@code principal gained|lost SOURCE resource: right}, one line per right. */
  private static List<String> diffLines(JsonNode diff) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : diff.path("principals")) {
      for (String way : List.of("gained", "lost")) {
        p.path(way).forEach(g -> out.add(p.path("principal").asText() + " " + way + " " + g.path("source").asText()
            + " " + g.path("resource").asText() + ": " + g.path("right").asText()));
      }
    }
    return out;
  }

  @Test
  void versionsDiffAndApplyOfTheSecondarysUserData() throws Exception {
    String root = "/ud-api";
    Trees.write(primaryFs(), root + "/events/part-0", "a");
    primaryFs().modifyAclEntries(new Path(root + "/events"), AclEntry.parseAclSpec("user:alice:r-x", true));
    ApiTest.createGroup("ud-api", root + "/events");
    assertThat(http.get(BASE).json()).as("no run yet").isEmpty();
    assertError(http.get(BASE + "/diff"), 404, "not_found", null);
    String first = run("ud-api");
    assertError(http.get(BASE + "/diff"), 404, "not_found", null); // one version: nothing to compare with

    primaryFs().removeAclEntries(new Path(root + "/events"), AclEntry.parseAclSpec("user:alice", false));
    AmbariClient east = new AmbariClient(ambari(true).endpoint());
    AmbariPrivilege bob = AmbariPrivilege.cluster("east", "CLUSTER.OPERATOR", "bob", PrincipalType.USER);
    east.grant(bob);
    String second = run("ud-api");

    JsonNode versions = http.get(BASE).json();
    assertThat(versions.findValuesAsText("cut")).containsExactly(first, second);
    assertThat(versions.get(0).path("lastGood").asBoolean()).isFalse();
    assertThat(versions.get(1).path("lastGood").asBoolean()).isTrue();
    assertThat(versions.get(1).path("capturedAtSite").asText()).isEqualTo("east");
    assertThat(versions.get(1).path("capturedAt").asText()).endsWith("Z");
    assertThat(versions.get(1).path("sources").findValuesAsText("source")).contains("MANAGER", "HDFS", "RANGER");
    assertThat(versions.get(1).path("sources")).allSatisfy(s -> assertThat(s.has("detail")).isTrue());

    JsonNode record = http.get(BASE + "/" + second).json();
    assertThat(record.path("version").path("cut").asText()).isEqualTo(second);
    assertThat(record.path("grants")).anySatisfy(g -> {
      assertThat(g.path("principal").asText()).isEqualTo("user:bob");
      assertThat(g.path("resource").asText()).isEqualTo("cluster:east");
      assertThat(g.path("right").asText()).isEqualTo("CLUSTER.OPERATOR");
    });

    JsonNode diff = http.get(BASE + "/diff").json(); // default: the version before the last good cut's
    assertThat(diff.path("from").asText()).isEqualTo(first);
    assertThat(diff.path("to").asText()).isEqualTo(second);
    assertThat(diffLines(diff)).contains("user:alice lost HDFS " + root + "/events: acl r-x",
        "user:bob gained MANAGER cluster:east: CLUSTER.OPERATOR");
    JsonNode back = http.get(BASE + "/diff?from=" + second + "&to=" + first).json();
    assertThat(diffLines(back)).contains("user:alice gained HDFS " + root + "/events: acl r-x",
        "user:bob lost MANAGER cluster:east: CLUSTER.OPERATOR");

    // DRY_RUN reports the grant west lacks and writes nothing; APPLY makes it; a second APPLY changes nothing
    Http.Reply dry = http.csrf().post(BASE + "/" + second + "/apply?mode=DRY_RUN", null);
    assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
    assertThat(dry.json().path("mode").asText()).isEqualTo("DRY_RUN");
    assertThat(dry.json().path("site").asText()).isEqualTo("west");
    assertThat(dry.json().path("changes")).anySatisfy(c -> {
      assertThat(c.path("source").asText()).isEqualTo("MANAGER");
      assertThat(c.path("action").asText()).isEqualTo("GRANT");
      assertThat(c.path("subject").asText()).contains("bob");
      assertThat(c.path("detail").asText()).contains("CLUSTER.OPERATOR");
    });
    assertThat(ambari(false).privileges()).extracting(AmbariPrivilege::principalName, AmbariPrivilege::permission)
        .doesNotContain(tuple("bob", "CLUSTER.OPERATOR"));

    Http.Reply applied = http.csrf().post(BASE + "/" + second + "/apply?mode=APPLY", null);
    assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    assertThat(applied.json().path("problems")).as(applied.toString()).isEmpty();
    assertThat(applied.json().path("ok").asBoolean()).isTrue();
    assertThat(applied.json().path("changes").findValuesAsText("subject"))
        .containsAll(dry.json().path("changes").findValuesAsText("subject"));
    assertThat(applied.json().path("operatorActions")).isNotEmpty(); // users created without a password
    assertThat(ambari(false).privileges()).extracting(AmbariPrivilege::principalName, AmbariPrivilege::resource,
        AmbariPrivilege::permission).contains(tuple("bob", "cluster:west", "CLUSTER.OPERATOR"));

    Http.Reply again = http.csrf().post(BASE + "/" + second + "/apply?mode=apply", null);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("changes")).as(again.toString()).isEmpty();

    // the CLI verbs over the same endpoints
    CliTest.Result list = CliTest.cli("userdata", "list", "ud-api");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("CUT", "LAST GOOD", first, second + " ");
    assertThat(CliTest.cli("userdata", "show", "ud-api", second).out()).contains("Cut       " + second,
        "user:bob", "CLUSTER.OPERATOR");
    assertThat(CliTest.cli("userdata", "diff", "ud-api").out()).contains("from cut " + first + " to cut " + second)
        .containsPattern("user:alice +lost +HDFS +" + root + "/events +acl r-x");
    assertThat(CliTest.cli("userdata", "diff", "ud-api", "--from", second, "--to", second).out())
        .contains("No change");
    CliTest.Result dryCli = CliTest.cli("userdata", "apply", "ud-api", second, "--dry-run");
    assertThat(dryCli.exit()).as(dryCli.err()).isZero();
    assertThat(dryCli.out()).contains("Dry run: would apply the user data of cut " + second, "0 change(s)");
    CliTest.Result json = CliTest.cli("userdata", "apply", "ud-api", second, "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(Http.JSON.readTree(json.out()).path("mode").asText()).isEqualTo("APPLY");
    CliTest.Result unknown = CliTest.cli("userdata", "show", "ud-api", "20000101T000000000Z");
    assertThat(unknown.exit()).isEqualTo(dev.tandem.cli.TandemCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("No user data of cut 20000101T000000000Z");
  }

  @Test
  void unknownThingsAreNotFoundAndBadValuesNameTheirField() throws Exception {
    Trees.write(primaryFs(), "/ud-api-bad/a/part-0", "a");
    ApiTest.createGroup("ud-api-bad", "/ud-api-bad/a");
    String cut = run("ud-api-bad");
    String base = "/api/v1/groups/ud-api-bad/userdata";

    assertError(http.get("/api/v1/groups/ghost/userdata"), 404, "not_found", null);
    assertError(http.get(base + "/20000101T000000000Z"), 404, "not_found", null);
    assertError(http.get(base + "/not-a-cut"), 404, "not_found", null);
    assertError(http.get(base + "/diff?from=20000101T000000000Z&to=" + cut), 422, "invalid_input", "from");
    assertError(http.get(base + "/diff?from=" + cut + "&to=yesterday"), 422, "invalid_input", "to");
    assertError(http.csrf().post(base + "/" + cut + "/apply?mode=NOW", null), 422, "invalid_input", "mode");
    assertError(http.csrf().post(base + "/" + cut + "/apply", null), 422, "invalid_input", "mode");
    assertError(http.csrf().post(base + "/20000101T000000000Z/apply?mode=DRY_RUN", null), 404, "not_found", null);
    assertError(http.csrf().post("/api/v1/groups/ghost/userdata/" + cut + "/apply?mode=APPLY", null), 404,
        "not_found", null);
    assertThat(http.post(base + "/" + cut + "/apply?mode=APPLY", null).status()).as("no CSRF header")
        .isEqualTo(403);
  }

  @Test
  void anUnreachableSecondaryIsA503() throws Exception {
    Trees.write(primaryFs(), "/ud-api-down/a/part-0", "a");
    ApiTest.createGroup("ud-api-down", "/ud-api-down/a");
    sandbox.secondary().stopNameNode();
    try {
      server.refreshHealth();
      assertError(http.get("/api/v1/groups/ud-api-down/userdata"), 503, "unavailable", null);
      assertError(http.csrf().post("/api/v1/groups/ud-api-down/userdata/20000101T000000000Z/apply?mode=APPLY",
          null), 503, "unavailable", null);
    } finally {
      sandbox.secondary().restartNameNode();
      server.refreshHealth();
    }
    assertThat(http.get("/api/v1/groups/ud-api-down/userdata").status()).isEqualTo(200);
  }
}
