package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.model.InvalidInputException;
import dev.tandem.server.api.DataSetDto;
import dev.tandem.server.api.GroupDto;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.api.ScheduleDto;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem group create|list|show|update|delete|enable|disable}. */
@Command(name = "group", mixinStandardHelpOptions = true, description = "Manage protection groups.",
    subcommands = {GroupCommand.Create.class, GroupCommand.ListGroups.class, GroupCommand.Show.class,
        GroupCommand.Update.class, GroupCommand.Delete.class, GroupCommand.Enable.class, GroupCommand.Disable.class})
final class GroupCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: create, list, show, update, delete, enable or disable");
  }

  /** The definition options shared by create and update; on update, what is not given stays. */
  static final class Definition {
    @Option(names = "--primary", description = "Primary site")
    String primary;

    @Option(names = "--secondary", description = "Secondary site")
    String secondary;

    @Option(names = "--hdfs", description = "HDFS directory to protect (repeatable)")
    List<String> hdfs = new ArrayList<>();

    @Option(names = "--hive-db", description = "Hive database to protect (repeatable)")
    List<String> hiveDatabases = new ArrayList<>();

    @Option(names = "--hive-table", description = "Hive table <db>.<table> to protect (repeatable)")
    List<String> hiveTables = new ArrayList<>();

    @Option(names = "--at", description = "Backup moment HH:mm (first run of the day)")
    String at;

    @Option(names = "--every", description = "Periodicity (= RPO): 30m, 4h, 1d or ISO-8601")
    String every;

    @Option(names = "--zone", description = "Time zone of the backup moment (IANA id). Default UTC")
    String zone;

    @Option(names = "--retention", description = "Cuts to keep (1-1000). Default 7")
    Integer retention;

    @Option(names = "--enable-snapshots", description = "Tandem may make a directory snapshottable when no "
        + "snapshottable root covers it")
    Boolean enableSnapshots;

    @Option(names = "--allow-unfenced-hive", description = "Cuts may hold Hive metadata without the metastore fence "
        + "when no metastore of the primary has Tandem's listener (the run report says so). Default: such a cut fails")
    Boolean allowUnfencedHive;

    String hiveFencing(String current) {
      return allowUnfencedHive == null ? current : allowUnfencedHive ? "ALLOW_UNFENCED" : "REQUIRED";
    }

    boolean hasDataSets() {
      return !hdfs.isEmpty() || !hiveDatabases.isEmpty() || !hiveTables.isEmpty();
    }

    List<DataSetDto> dataSets() {
      List<DataSetDto> out = new ArrayList<>();
      hdfs.forEach(p -> out.add(new DataSetDto("hdfs", p, null, null)));
      hiveDatabases.forEach(d -> out.add(new DataSetDto("hive-database", null, d, null)));
      for (String t : hiveTables) {
        int dot = t.indexOf('.');
        InvalidInputException.check(dot > 0 && dot < t.length() - 1, "hive-table",
            "Hive table must be <database>.<table>: '%s'", t);
        out.add(new DataSetDto("hive-table", null, t.substring(0, dot), t.substring(dot + 1)));
      }
      return out;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a protection group. Needs "
      + "role admin. Example: group create billing --primary east --secondary west --hdfs /data/billing/events "
      + "--at 01:30 --every 4h --zone Europe/Berlin")
  static final class Create extends ClientCommand {
    @Parameters(index = "0", description = "Group name (the business service)")
    String name;

    @Mixin
    Definition d;

    @Option(names = "--disabled", description = "Create it disabled (no runs until enabled)")
    boolean disabled;

    @Override
    public Integer call() {
      GroupRequest body = new GroupRequest(name, d.primary, d.secondary, d.dataSets(),
          new ScheduleDto(d.at == null ? "00:00" : d.at, d.every, d.zone, null), d.retention,
          Boolean.TRUE.equals(d.enableSnapshots) ? "ENABLE_IF_MISSING" : null, !disabled, d.hiveFencing(null));
      if (printedJson("POST", "/api/v1/groups", body)) {
        return 0;
      }
      GroupDto g = client().send("POST", "/api/v1/groups", body, GroupDto.class);
      out().println("Protection group " + g.name() + " created on " + g.pair());
      Show.print(out(), g);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List protection groups.")
  static final class ListGroups extends ClientCommand {
    @Override
    public Integer call() {
      if (printedJson("GET", "/api/v1/groups", null)) {
        return 0;
      }
      List<GroupDto> groups = client().get("/api/v1/groups", new TypeReference<List<GroupDto>>() {});
      Tables t = new Tables("GROUP", "PAIR", "ENABLED", "SCHEDULE", "DATA SETS", "LAST GOOD CUT", "LAG", "NEXT RUN",
          "LAST RUN");
      for (GroupDto g : groups) {
        var s = g.state();
        t.row(g.name(), g.pair(), g.enabled() ? "yes" : "no", schedule(g.schedule()), g.dataSets().size(),
            s.lastGoodCut(), Tables.duration(s.lagSeconds()) + (s.rpoBreached() ? " (RPO!)" : ""),
            Tables.time(s.nextRunAt()), s.lastRun() == null ? "-" : s.lastRun().state() + " " + s.lastRun().id());
      }
      t.print(out());
      return 0;
    }
  }

  static String schedule(ScheduleDto s) {
    return "from " + s.backupMoment() + " every " + s.periodicity() + " (" + s.zone() + ")";
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one protection group.")
  static final class Show extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String name;

    @Override
    public Integer call() {
      String path = "/api/v1/groups/" + segment(name);
      if (printedJson("GET", path, null)) {
        return 0;
      }
      print(out(), client().get(path, GroupDto.class));
      return 0;
    }

    static void print(java.io.PrintWriter out, GroupDto g) {
      var s = g.state();
      out.println("Group       " + g.name() + (g.enabled() ? "" : " (disabled)"));
      out.println("Pair        " + g.primary() + " (primary) -> " + g.secondary() + " (secondary)");
      out.println("Schedule    " + schedule(g.schedule()) + "; keep " + g.retention() + " cuts; snapshots "
          + g.snapshots() + "; Hive fence " + g.hiveFencing());
      for (DataSetDto d : g.dataSets()) {
        out.println("Data set    " + switch (d.kind()) {
          case "hdfs" -> "hdfs:" + d.path();
          case "hive-database" -> "hive:" + d.database();
          default -> "hive:" + d.database() + "." + d.table();
        });
      }
      out.println("Last good   " + (s.lastGoodCut() == null ? "none yet" : s.lastGoodCut() + " (" + Tables.duration(
          s.lagSeconds()) + " ago" + (s.rpoBreached() ? ", RPO BREACHED" : "") + ")"));
      out.println("Next run    " + Tables.time(s.nextRunAt()));
      if (s.lastRun() != null) {
        out.println("Last run    " + s.lastRun().id() + " " + s.lastRun().state()
            + (s.lastRun().error() == null ? "" : ": " + s.lastRun().error()));
      }
      if (s.activeRun() != null) {
        out.println("Running     " + s.activeRun().id());
      }
      out.flush();
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a protection group: options "
      + "given replace the current values; data set options replace the whole list. Needs role admin.")
  static final class Update extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String name;

    @Mixin
    Definition d;

    @Override
    public Integer call() {
      String path = "/api/v1/groups/" + segment(name);
      GroupDto current = client().get(path, GroupDto.class);
      ScheduleDto s = current.schedule();
      GroupRequest body = new GroupRequest(null, d.primary == null ? current.primary() : d.primary,
          d.secondary == null ? current.secondary() : d.secondary,
          d.hasDataSets() ? d.dataSets() : current.dataSets(),
          new ScheduleDto(d.at == null ? s.backupMoment() : d.at, d.every == null ? s.periodicity() : d.every,
              d.zone == null ? s.zone() : d.zone, null),
          d.retention == null ? current.retention() : d.retention,
          d.enableSnapshots == null ? current.snapshots() : d.enableSnapshots ? "ENABLE_IF_MISSING" : "EXISTING_ONLY",
          current.enabled(), d.hiveFencing(current.hiveFencing()));
      if (printedJson("PUT", path, body)) {
        return 0;
      }
      GroupDto g = client().send("PUT", path, body, GroupDto.class);
      out().println("Protection group " + g.name() + " updated");
      Show.print(out(), g);
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a protection group from both "
      + "registries; its snapshots stay on both sites. Needs role admin.")
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String name;

    @Override
    public Integer call() {
      client().send("DELETE", "/api/v1/groups/" + segment(name), null, (Class<?>) null);
      out().println("Protection group " + name + " deleted (snapshots tandem-" + name + "-* remain on both sites)");
      out().flush();
      return 0;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable runs. Needs role admin.")
  static final class Enable extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String name;

    @Override
    public Integer call() {
      GroupDto g = client().send("POST", "/api/v1/groups/" + segment(name) + "/enable", null, GroupDto.class);
      out().println("Protection group " + g.name() + " enabled; next run " + Tables.time(g.state().nextRunAt()));
      out().flush();
      return 0;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable runs. Needs role admin.")
  static final class Disable extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String name;

    @Override
    public Integer call() {
      GroupDto g = client().send("POST", "/api/v1/groups/" + segment(name) + "/disable", null, GroupDto.class);
      out().println("Protection group " + g.name() + " disabled");
      out().flush();
      return 0;
    }
  }
}
