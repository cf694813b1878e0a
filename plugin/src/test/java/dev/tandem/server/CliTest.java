package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.cli.TandemCli;
import dev.tandem.testing.NameNodes;
import dev.tandem.testing.Trees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tandem} verbs against a real server: tables, --json, exit codes, the progress bar. */
class CliTest extends ServerTest {
  record Result(int exit, String out, String err) {}

  static Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(server.uri().toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = TandemCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(all.toArray(new String[0]));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void sitesPairAndStatusPrintTables() throws Exception {
    server.refreshHealth();
    Result sites = cli("sites");
    assertThat(sites.exit()).as(sites.err()).isZero();
    assertThat(sites.out()).contains("SITE", "east *", "west", "PRIMARY of east--west", "OPEN FILES IN SNAPSHOTS");
    // Each site's row says what its NameNode does with open files, as the NameNode's own /conf has it.
    for (var site : List.of(sandbox.primary(), sandbox.secondary())) {
      String expected = NameNodes.openFileCapture(site).equals("FROZEN") ? "frozen"
          : "LIVE: set dfs.namenode.snapshot.capture.openfiles=true";
      assertThat(sites.out().lines().filter(l -> l.startsWith(site.id().value() + " ")))
          .as("the row of %s in %s", site.id(), sites.out()).singleElement().asString().contains(expected);
    }
    Result pairs = cli("pair");
    assertThat(pairs.out()).contains("east--west");
    assertThat(cli("pair", "check", "east--west").exit()).isZero();
    assertThat(cli("sites", "check", "west").out()).contains("ok (");
    Result status = cli("status");
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains("Site     east (PRIMARY)", "Peer     west", "Arbiter");
  }

  @Test
  void restoreListsCutsDryRunsAndRefusesAnOverwriteWithoutConfirmation() throws Exception {
    Trees.write(primaryFs(), "/cli-restore/d/a.csv", "1\n");
    assertThat(cli("group", "create", "clirestore", "--primary", "east", "--secondary", "west", "--hdfs",
        "/cli-restore/d", "--at", "01:30", "--every", "4h", "--enable-snapshots").exit()).isZero();
    assertThat(cli("run", "start", "clirestore", "--wait", "--poll", "PT0.05S").exit()).isZero();
    Result list = cli("restore", "clirestore", "--list", "--json");
    String cut = Http.JSON.readTree(list.out()).get(0).path("id").asText();
    assertThat(cli("restore", "clirestore", "--list").out()).contains(cut, "yes", "/cli-restore/d");
    Trees.write(primaryFs(), "/cli-restore/d/a.csv", "2\n");

    Result dry = cli("restore", "clirestore", cut, "--site", "east", "--path", "/cli-restore/d", "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("Dry run: would restore", "/cli-restore/d/a.csv", "yes");
    Result refused = cli("restore", "clirestore", cut, "--site", "east", "--path", "/cli-restore/d");
    assertThat(refused.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(refused.err()).contains("/cli-restore/d", "overwrite");
    assertThat(Trees.read(primaryFs(), "/cli-restore/d/a.csv")).isEqualTo("2\n");
    Result done = cli("restore", "clirestore", cut, "--site", "east", "--path", "/cli-restore/d", "--overwrite");
    assertThat(done.exit()).as(done.err()).isZero();
    assertThat(done.out()).contains("Restored from cut " + cut, "1 file(s)");
    assertThat(Trees.read(primaryFs(), "/cli-restore/d/a.csv")).isEqualTo("1\n");
  }

  @Test
  void drTestStartPrintsWhatWasCheckedStatusAndStopRemoveIt() throws Exception {
    Trees.write(primaryFs(), "/cli-drtest/d/a.csv", "1\n");
    assertThat(cli("group", "create", "clidrtest", "--primary", "east", "--secondary", "west", "--hdfs",
        "/cli-drtest/d", "--at", "01:30", "--every", "4h", "--enable-snapshots").exit()).isZero();
    assertThat(cli("run", "start", "clidrtest", "--wait", "--poll", "PT0.05S").exit()).isZero();

    Result started = cli("drtest", "start", "clidrtest");
    assertThat(started.exit()).as(started.out() + started.err()).isZero();
    assertThat(started.out()).contains("DR test of group clidrtest on west: cut ", "by sandbox", "Result    passed (",
        "/cli-drtest/d", "/.snapshot/tandem-clidrtest-", "equal", "CHECK", "ok");
    String cut = Http.JSON.readTree(cli("drtest", "status", "clidrtest", "--json").out()).path("cut").asText();
    assertThat(cli("drtest", "status", "clidrtest").out()).contains("cut " + cut);
    Result again = cli("drtest", "start", "clidrtest", "--cut", cut);
    assertThat(again.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(again.err()).contains("stop it first");
    Result bad = cli("drtest", "start", "clidrtest", "--database-suffix", "a-b");
    assertThat(bad.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(bad.err()).contains("(field databaseSuffix)");

    Result stopped = cli("drtest", "stop", "clidrtest");
    assertThat(stopped.exit()).as(stopped.err()).isZero();
    assertThat(stopped.out()).contains("DR test of group clidrtest on cut " + cut + " stopped", "released");
    Result none = cli("drtest", "status", "clidrtest");
    assertThat(none.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(none.err()).contains("No DR test of group clidrtest is active");
  }

  @Test
  void groupVerbsRunWithWaitAndJson() throws Exception {
    Trees.write(primaryFs(), "/cli/events/a.csv", "1,2\n");
    Result created = cli("group", "create", "clig", "--primary", "east", "--secondary", "west", "--hdfs",
        "/cli/events", "--at", "01:30", "--every", "4h", "--zone", "Europe/Berlin", "--enable-snapshots");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Protection group clig created on east--west", "hdfs:/cli/events",
        "from 01:30 every 4h (Europe/Berlin)");
    assertThat(cli("group", "list").out()).contains("clig", "east--west");
    assertThat(cli("group", "update", "clig", "--retention", "4").out()).contains("keep 4 cuts");

    Result run = cli("run", "start", "clig", "--wait", "--poll", "PT0.05S");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("SUCCEEDED", "REPLICATE", "Verified");
    assertThat(run.err()).as("progress bar").contains("[", "%");

    Trees.write(primaryFs(), "/cli/events/b.csv", "3,4\n");
    Result all = cli("run", "start", "clig", "--verify-all", "--wait", "--poll", "PT0.05S");
    assertThat(all.exit()).as(all.out() + all.err()).isZero();
    assertThat(all.out()).contains("INCREMENTAL", "Verified    2 entries, 2 checksums: equal",
        "Scrubbed    every file verified, 0 differed and copied again");

    Result list = cli("run", "list", "--group", "clig", "--json");
    JsonNode runs = Http.JSON.readTree(list.out());
    assertThat(runs).hasSize(2);
    String id = runs.get(0).path("id").asText();
    assertThat(cli("run", "show", "clig", id).out()).contains(id, "COMMIT");
    assertThat(cli("run", "cancel", "clig", id).exit()).as("an ended run cannot be cancelled")
        .isEqualTo(TandemCli.EXIT_USAGE);

    assertThat(cli("group", "show", "clig", "--json").out()).contains("\"lastGoodCut\":\"");
    assertThat(cli("group", "disable", "clig").out()).contains("disabled");
    assertThat(cli("run", "start", "clig").exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(cli("group", "enable", "clig").out()).contains("enabled");
    assertThat(cli("group", "delete", "clig").exit()).isZero();
  }

  @Test
  void errorsNameTheFieldAndMapToExitCodes() {
    Result unknown = cli("group", "show", "ghost");
    assertThat(unknown.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("tandem: Unknown protection group 'ghost'");
    Result bad = cli("group", "create", "badg", "--primary", "east", "--secondary", "west", "--hdfs", "/cli/x",
        "--every", "often");
    assertThat(bad.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(bad.err()).contains("(field schedule.periodicity)");
    List<String> args = new ArrayList<>(List.of("status", "--server", "http://127.0.0.1:1"));
    var cli = TandemCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args.toArray(new String[0]))).isEqualTo(TandemCli.EXIT_UNREACHABLE);
    assertThat(err.toString()).contains("Cannot reach the Tandem server");
  }

  @Test
  void stateExportImportAndAuditVerbs() throws Exception {
    Trees.write(primaryFs(), "/cli-state/a.csv", "1,2\n");
    assertThat(cli("group", "create", "clistate", "--primary", "east", "--secondary", "west", "--hdfs", "/cli-state",
        "--at", "01:30", "--every", "4h", "--enable-snapshots").exit()).isZero();
    java.nio.file.Path file = java.nio.file.Files.createTempFile(new java.io.File("target").toPath(), "state",
        ".json");
    Result exported = cli("state", "export", "--file", file.toString());
    assertThat(exported.exit()).as(exported.err()).isZero();
    JsonNode doc = Http.JSON.readTree(file.toFile());
    assertThat(doc.path("format").asText()).isEqualTo("tandem-state");
    assertThat(doc.path("groups").findValuesAsText("name")).contains("clistate");
    // Into the registry it came from: everything is there already, equal.
    Result imported = cli("state", "import", file.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Created:   nothing", "group clistate", "pair east--west");
    java.nio.file.Files.writeString(file, "{\"format\":\"tandem-state\",\"version\":9}");
    Result refused = cli("state", "import", file.toString());
    assertThat(refused.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(refused.err()).contains("version");
    java.nio.file.Files.delete(file);

    Result audit = cli("audit", "--group", "clistate");
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.out()).contains("groups.create", "sandbox (none)", "ok 201");
    assertThat(cli("audit", "--since", "soon").exit()).isEqualTo(TandemCli.EXIT_USAGE);
  }
}
