package dev.tandem.cli;

import static dev.tandem.cli.ApiClient.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.server.api.ProgressDto;
import dev.tandem.server.api.RunDto;
import dev.tandem.server.api.RunSummaryDto;
import dev.tandem.server.api.StepDto;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem run start|list|show|cancel}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start, follow, list and cancel runs.",
    subcommands = {RunCommand.Start.class, RunCommand.ListRuns.class, RunCommand.Show.class, RunCommand.Cancel.class})
final class RunCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: start, list, show or cancel");
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a run of a group now. Needs role "
      + "operator. With --wait, follows it with a progress bar and exits 0 if it succeeded, 1 if it failed.")
  static final class Start extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Option(names = "--wait", description = "Wait for the run to end, showing its progress.")
    boolean await;

    @Option(names = "--verify-all", description = "Compare every file (listing entry and checksum) with the "
        + "primary, not only what changed and the scrub's slice.")
    boolean verifyAll;

    @Option(names = "--poll", description = "How often to ask for progress with --wait. Default ${DEFAULT-VALUE}",
        defaultValue = "PT0.5S")
    Duration poll;

    @Override
    public Integer call() throws InterruptedException {
      String path = "/api/v1/groups/" + segment(group) + "/runs";
      RunDto run = client().send("POST", path + (verifyAll ? "?verifyAll=true" : ""), null, RunDto.class);
      if (!await) {
        if (options.json) {
          out().println(client().raw("GET", path + "/" + run.id(), null));
        } else {
          out().println("Run " + run.id() + " of group " + group + " started; follow it with: tandem run show "
              + group + " " + run.id());
        }
        out().flush();
        return 0;
      }
      ProgressBar bar = new ProgressBar(err());
      while (run.state().equals("RUNNING")) {
        bar.show(run);
        Thread.sleep(poll.toMillis());
        run = client().get(path + "/" + run.id(), RunDto.class);
      }
      bar.done();
      if (options.json) {
        out().println(client().raw("GET", path + "/" + run.id(), null));
      } else {
        Show.print(out(), run);
      }
      out().flush();
      return run.state().equals("SUCCEEDED") ? 0 : TandemCli.EXIT_FAILED;
    }
  }

  /** One line on stderr, redrawn in place: {@code [#####.....] 48% REPLICATE 12/25 files 1.2 MiB/2.5 MiB}. */
  static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private int lastLength;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    void show(RunDto run) {
      ProgressDto p = run.progress();
      int percent = p == null ? 0 : p.percent();
      int filled = percent * WIDTH / 100;
      String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
          + "  " + (run.currentStep() == null ? "starting" : run.currentStep())
          + (p == null || p.filesTotal() == 0 ? "" : "  " + p.filesDone() + "/" + p.filesTotal() + " files  "
          + Tables.bytes(p.bytesDone()) + "/" + Tables.bytes(p.bytesTotal()))
          + (run.cancelRequested() ? "  (cancelling)" : "");
      err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      err.flush();
      lastLength = line.length();
    }

    void done() {
      if (lastLength > 0) {
        err.println();
        err.flush();
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
  static final class ListRuns extends ClientCommand {
    @Option(names = "--group", description = "Only this group")
    String group;

    @Option(names = "--state", description = "RUNNING, SUCCEEDED or FAILED")
    String state;

    @Option(names = "--since", description = "Started at or after (ISO-8601, e.g. 2026-11-24T00:00:00Z)")
    String since;

    @Option(names = "--limit", description = "At most this many (1-500). Default 50")
    String limit;

    @Override
    public Integer call() {
      String path = "/api/v1/runs" + ApiClient.query(Map.of("group", group == null ? "" : group,
          "state", state == null ? "" : state, "since", since == null ? "" : since, "limit", limit == null ? "" : limit));
      if (printedJson("GET", path, null)) {
        return 0;
      }
      List<RunSummaryDto> runs = client().get(path, new TypeReference<List<RunSummaryDto>>() {});
      Tables t = new Tables("RUN", "GROUP", "STATE", "STARTED", "ENDED", "CUT", "MODE", "FILES", "BYTES", "WINDOW",
          "BY", "ERROR");
      for (RunSummaryDto r : runs) {
        t.row(r.id(), r.group(), r.state(), Tables.time(r.startedAt()), Tables.time(r.endedAt()), r.cut(), r.mode(),
            r.filesCopied(), Tables.bytes(r.bytesCopied()),
            r.consistencyWindowMs() == null ? "-" : r.consistencyWindowMs() + " ms",
            r.requestedBy() == null ? "-" : r.requestedBy(), r.error());
      }
      t.print(out());
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run with its steps.")
  static final class Show extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Parameters(index = "1", description = "Run id, e.g. r-20261124T150000000Z")
    String run;

    @Override
    public Integer call() {
      String path = "/api/v1/groups/" + segment(group) + "/runs/" + segment(run);
      if (printedJson("GET", path, null)) {
        return 0;
      }
      print(out(), client().get(path, RunDto.class));
      return 0;
    }

    static void print(PrintWriter out, RunDto r) {
      out.println("Run         " + r.id() + " of group " + r.group() + ": " + r.state()
          + (r.cancelRequested() ? " (cancel requested)" : ""));
      out.println("Started     " + Tables.time(r.startedAt()) + (r.endedAt() == null ? "" : ", ended "
          + Tables.time(r.endedAt())) + (r.requestedBy() == null ? "" : ", by " + r.requestedBy()));
      if (r.cut() != null) {
        out.println("Cut         " + r.cut() + ", consistency window " + r.consistencyWindowMs() + " ms");
      }
      if (r.progress() != null) {
        ProgressDto p = r.progress();
        out.println("Progress    " + p.step() + " " + p.percent() + "%: " + p.filesDone() + "/" + p.filesTotal()
            + " files, " + Tables.bytes(p.bytesDone()) + "/" + Tables.bytes(p.bytesTotal()));
      }
      if (r.report() != null && r.cut() != null) {
        var rep = r.report();
        out.println("Copied      " + rep.mode() + " by " + rep.method() + ": " + rep.filesCopied() + " file(s), "
            + Tables.bytes(rep.bytesCopied()) + ", " + rep.pathsDeleted() + " deleted, " + rep.pathsRenamed()
            + " renamed");
        rep.notes().forEach(n -> out.println("Note        " + n));
        if (rep.scrub() != null) {
          var s = rep.scrub();
          out.println("Scrubbed    " + (s.wholeTree() ? "every file verified" : s.filesCompared()
              + " file(s) compared with the primary") + ", " + s.filesDiffered() + " differed and copied again, "
              + (s.tablesCompared() == 0 ? "" : s.tablesCompared() + " Hive table(s) compared, " + s.tablesDiffered()
              + " differed and written again, ")
              + s.tookMs() + " ms " + (s.betweenRuns() ? "between runs" : "beside the copy") + ", added "
              + s.addedMs() + " ms"
              + (s.sharePercent() == null ? "" : " (" + s.sharePercent() + "% of the run)")
              + (s.fullPassAt() == null ? "" : "; last full pass " + Tables.time(s.fullPassAt())));
        }
      }
      if (r.verification() != null) {
        var v = r.verification();
        out.println("Verified    " + v.entriesCompared() + " entries, " + v.checksumsCompared() + " checksums: "
            + (v.ok() ? "equal" : "MISMATCH " + v.mismatches()));
      }
      if (r.error() != null) {
        out.println("Error       " + r.error());
      }
      Tables t = new Tables("STEP", "STARTED", "TOOK", "OK", "DETAIL");
      for (StepDto s : r.steps()) {
        t.row(s.step(), Tables.time(s.startedAt()), s.tookMs() + " ms", s.ok() ? "yes" : "NO", s.detail());
      }
      t.print(out);
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running run at its next step "
      + "boundary; the last good cut stays. Needs role operator.")
  static final class Cancel extends ClientCommand {
    @Parameters(index = "0", description = "Group name")
    String group;

    @Parameters(index = "1", description = "Run id")
    String run;

    @Override
    public Integer call() {
      String path = "/api/v1/groups/" + segment(group) + "/runs/" + segment(run) + "/cancel";
      if (printedJson("POST", path, null)) {
        return 0;
      }
      client().send("POST", path, null, RunDto.class);
      out().println("Cancel requested: run " + run + " stops at its next step boundary");
      out().flush();
      return 0;
    }
  }
}
