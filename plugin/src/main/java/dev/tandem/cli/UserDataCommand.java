package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.server.api.GrantDto;
import dev.tandem.server.api.PrincipalChangeDto;
import dev.tandem.server.api.ResourceChangeDto;
import dev.tandem.server.api.UserDataApplyReportDto;
import dev.tandem.server.api.UserDataChangeDto;
import dev.tandem.server.api.UserDataDiffDto;
import dev.tandem.server.api.UserDataRecordDto;
import dev.tandem.server.api.UserDataSourceDto;
import dev.tandem.server.api.UserDataVersionDto;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem userdata list|show|diff|apply}: a group's user data as its secondary keeps it. */
@Command(name = "userdata", mixinStandardHelpOptions = true, description = "List, show, diff and apply the user "
    + "data (users, grants, policies, queues) kept with each cut on a group's secondary.",
    subcommands = {UserDataCommand.ListVersions.class, UserDataCommand.Show.class, UserDataCommand.Diff.class,
        UserDataCommand.Apply.class})
final class UserDataCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: list, show, diff or apply");
  }

  static String path(String group) {
    return "/api/v1/groups/" + segment(group) + "/userdata";
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The group's kept versions, oldest first.")
  static final class ListVersions extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Override
    public Integer call() {
      if (printedJson("GET", path(group), null)) {
        return 0;
      }
      List<UserDataVersionDto> versions = client().get(path(group), new TypeReference<List<UserDataVersionDto>>() {});
      Tables t = new Tables("CUT", "CAPTURED", "AT", "RIGHTS", "LAST GOOD", "NOT CAPTURED", "NOTES");
      for (UserDataVersionDto v : versions) {
        t.row(v.cut(), Tables.time(v.capturedAt()), v.capturedAtSite(), v.grants(), v.lastGood() ? "yes" : "",
            notCaptured(v), v.notes().size());
      }
      t.print(out());
      return 0;
    }
  }

  private static String notCaptured(UserDataVersionDto v) {
    String missing = v.sources().stream().filter(s -> !s.captured()).map(UserDataSourceDto::source)
        .collect(Collectors.joining(","));
    return missing.isEmpty() ? "" : missing;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One version with every right it holds.")
  static final class Show extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Parameters(index = "1", description = "Cut id, e.g. 20261124T150000000Z")
    String cut;

    @Override
    public Integer call() {
      String path = path(group) + "/" + segment(cut);
      if (printedJson("GET", path, null)) {
        return 0;
      }
      UserDataRecordDto r = client().get(path, UserDataRecordDto.class);
      UserDataVersionDto v = r.version();
      out().println("Cut       " + v.cut() + " of group " + r.group() + (v.lastGood() ? " (last good)" : ""));
      out().println("Captured  " + Tables.time(v.capturedAt()) + " at " + v.capturedAtSite());
      for (UserDataSourceDto s : v.sources()) {
        out().println("Source    " + s.source() + ": " + (s.captured() ? "" : "not captured, ") + s.detail());
      }
      v.notes().forEach(n -> out().println("Note      " + n));
      Tables t = new Tables("WHO", "SOURCE", "RESOURCE", "RIGHT");
      r.grants().forEach(g -> t.row(g.principal(), g.source(), g.resource(), g.right()));
      t.print(out());
      return 0;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, description = "Who gained or lost what between two "
      + "versions. Default: the version before the last good cut's, and the last good cut's.")
  static final class Diff extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Option(names = "--from", description = "Older cut id")
    String from;

    @Option(names = "--to", description = "Newer cut id")
    String to;

    @Override
    public Integer call() {
      String path = path(group) + "/diff" + ApiClient.query(Map.of("from", from == null ? "" : from,
          "to", to == null ? "" : to));
      if (printedJson("GET", path, null)) {
        return 0;
      }
      print(out(), client().get(path, UserDataDiffDto.class));
      return 0;
    }

    static void print(PrintWriter out, UserDataDiffDto d) {
      out.println("User data of group " + d.group() + " from cut " + d.from() + " to cut " + d.to());
      if (d.principals().isEmpty() && d.changes().isEmpty()) {
        out.println("No change");
        out.flush();
        return;
      }
      if (!d.principals().isEmpty()) {
        Tables t = new Tables("WHO", "", "SOURCE", "RESOURCE", "RIGHT");
        for (PrincipalChangeDto p : d.principals()) {
          for (GrantDto g : p.gained()) {
            t.row(p.principal(), "gained", g.source(), g.resource(), g.right());
          }
          for (GrantDto g : p.lost()) {
            t.row(p.principal(), "lost", g.source(), g.resource(), g.right());
          }
        }
        t.print(out);
      }
      if (!d.changes().isEmpty()) {
        out.println();
        Tables t = new Tables("SOURCE", "WHAT", "BEFORE", "AFTER");
        for (ResourceChangeDto c : d.changes()) {
          t.row(c.source(), c.subject(), c.before().isEmpty() ? "-" : c.before(), c.after().isEmpty() ? "-" : c.after());
        }
        t.print(out);
      }
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a version to the group's "
      + "secondary, or with --dry-run report what that would change. Needs role operator. Exits 1 when a source "
      + "could not be applied (the others were).")
  static final class Apply extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Parameters(index = "1", description = "Cut id")
    String cut;

    @Option(names = "--dry-run", description = "Change nothing; report what applying would change.")
    boolean dryRun;

    @Override
    public Integer call() {
      String path = path(group) + "/" + segment(cut) + "/apply?mode=" + (dryRun ? "DRY_RUN" : "APPLY");
      // the report decides the exit code with --json too, so it is read rather than only printed
      UserDataApplyReportDto r;
      if (options.json) {
        String body = client().raw("POST", path, null);
        out().println(body);
        r = client().parse(body, UserDataApplyReportDto.class, path);
      } else {
        r = client().send("POST", path, null, UserDataApplyReportDto.class);
        print(out(), r);
      }
      out().flush();
      return r.ok() ? 0 : TandemCli.EXIT_FAILED;
    }

    static void print(PrintWriter out, UserDataApplyReportDto r) {
      out.println((r.mode().equals("APPLY") ? "Applied" : "Dry run: would apply") + " the user data of cut " + r.cut()
          + " of group " + r.group() + " to " + r.site() + ": " + r.changes().size() + " change(s)");
      if (!r.changes().isEmpty()) {
        Tables t = new Tables("SOURCE", "ACTION", "WHAT", "HOW");
        for (UserDataChangeDto c : r.changes()) {
          t.row(c.source(), c.action(), c.subject(), c.detail());
        }
        t.print(out);
      }
      r.operatorActions().forEach(a -> out.println("To do     " + a));
      r.problems().forEach(p -> out.println("Problem   " + p));
    }
  }
}
