package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import dev.tandem.server.api.DrTestCheckDto;
import dev.tandem.server.api.DrTestDto;
import dev.tandem.server.api.DrTestPathDto;
import dev.tandem.server.api.DrTestRequestDto;
import dev.tandem.server.api.DrTestStopDto;
import dev.tandem.server.api.DrTestTableDto;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem drtest start|status|stop}: a DR test without failover. A kept cut of a group is exposed read-only on
 * its secondary (HDFS data sets as their snapshot paths, Hive tables as external tables of test databases over
 * them) while the primary keeps serving. {@code start} and {@code status} exit 1 when a check failed.
 */
@Command(name = "drtest", mixinStandardHelpOptions = true, description = "DR test without failover: expose a kept "
    + "cut of a group read-only on its secondary for applications to test against, report what was checked, "
    + "clean up.", subcommands = {DrTestCommand.Start.class, DrTestCommand.Status.class, DrTestCommand.Stop.class})
final class DrTestCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: start, status or stop");
  }

  static String path(String group) {
    return "/api/v1/groups/" + segment(group) + "/drtest";
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = {
      "Expose a kept cut (default: the last good one) on the group's secondary: each Hive table as an EXTERNAL table "
          + "of database <db><suffix> whose locations are the cut's snapshot paths, each HDFS data set as its "
          + "snapshot path. The cut is kept past the group's retention until the test is stopped.",
      "Refused while a DR test of the group is active, or when a target database exists and is not this group's "
          + "test database. Needs role operator."})
  static final class Start extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Option(names = "--cut", description = "Kept cut to expose (tandem restore <group> --list); default: the last "
        + "good cut.")
    String cut;

    @Option(names = "--database-suffix", description = "Appended to each source database's name (letters, digits, "
        + "'_'); default: _drtest.")
    String suffix;

    @Override
    public Integer call() {
      DrTestRequestDto body = new DrTestRequestDto(cut, suffix);
      if (printedJson("POST", path(group), body)) {
        return 0;
      }
      return print(out(), client().send("POST", path(group), body, DrTestDto.class));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "The group's active DR test and what it "
      + "checked (exit 2 when none is active).")
  static final class Status extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Override
    public Integer call() {
      if (printedJson("GET", path(group), null)) {
        return 0;
      }
      return print(out(), client().get(path(group), DrTestDto.class));
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the group's DR test: drop its test "
      + "databases (only those marked with the group; cascade, no file deleted) and release the cut. Needs role "
      + "operator.")
  static final class Stop extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Override
    public Integer call() {
      if (printedJson("DELETE", path(group), null)) {
        return 0;
      }
      DrTestStopDto r = client().send("DELETE", path(group), null, DrTestStopDto.class);
      out().println("DR test of group " + r.group() + " on cut " + r.cut() + " stopped: "
          + (r.databasesDropped().isEmpty() ? "no test database" : "dropped " + String.join(", ",
              r.databasesDropped()) + " (" + r.tablesDropped() + " table(s), no file deleted)")
          + (r.holdReleased() ? "; the cut is released to retention" : ""));
      r.notes().forEach(n -> out().println("Note      " + n));
      out().flush();
      return 0;
    }
  }

  /** Prints the test; 0 when every check passed, {@link TandemCli#EXIT_FAILED} otherwise. */
  static int print(PrintWriter out, DrTestDto t) {
    out.println("DR test of group " + t.group() + " on " + t.site() + ": cut " + t.cut()
        + (t.cutTakenAt() == null ? "" : " taken " + Tables.time(t.cutTakenAt())) + ", started "
        + Tables.time(t.startedAt()) + " by " + t.startedBy());
    long failed = t.checks().stream().filter(c -> !c.ok()).count();
    out.println("Result    " + (!t.finished() ? "UNFINISHED: the start did not complete"
        : failed == 0 ? "passed (" + t.checks().size() + " checks ok)"
        : "FAILED: " + failed + " of " + t.checks().size() + " checks failed"));
    if (!t.databases().isEmpty()) {
      out.println("Databases " + String.join(", ", t.databases()));
    }
    if (!t.paths().isEmpty()) {
      Tables paths = new Tables("PATH", "READ IT AT", "FILES", "BYTES", "PRIMARY");
      for (DrTestPathDto p : t.paths()) {
        paths.row(p.path(), p.exists() ? p.snapshotPath() : "(missing)", p.files(), p.bytes(),
            primary(p.primaryComparison(), p.primaryFiles(), p.primaryBytes()));
      }
      paths.print(out);
    }
    if (!t.tables().isEmpty()) {
      Tables tables = new Tables("TABLE", "TEST TABLE", "PARTITIONS", "DIRECTORIES", "FILES", "BYTES", "PRIMARY");
      for (DrTestTableDto e : t.tables()) {
        tables.row(e.source(), e.exposed() ? e.test() : "(not exposed)", e.partitions(),
            e.missingDirectories() == 0 ? e.directories() + " present"
                : e.missingDirectories() + " of " + e.directories() + " missing",
            e.files(), e.bytes(), primary(e.primaryComparison(), e.primaryFiles(), e.primaryBytes()));
      }
      tables.print(out);
    }
    Tables checks = new Tables("CHECK", "OK", "DETAIL");
    for (DrTestCheckDto c : t.checks()) {
      checks.row(c.name(), c.ok() ? "ok" : "FAILED", c.detail());
    }
    checks.print(out);
    t.notes().forEach(n -> out.println("Note      " + n));
    out.flush();
    return t.finished() && failed == 0 ? 0 : TandemCli.EXIT_FAILED;
  }

  private static String primary(String comparison, Long files, Long bytes) {
    return switch (comparison) {
      case "EQUAL" -> "equal";
      case "DIFFERENT" -> "DIFFERENT: " + files + " file(s), " + bytes + " byte(s)";
      case "NOT_ON_PRIMARY" -> "no snapshot there";
      default -> "unavailable";
    };
  }
}
