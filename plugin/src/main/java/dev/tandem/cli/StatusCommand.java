package dev.tandem.cli;

import dev.tandem.server.api.GroupStatusDto;
import dev.tandem.server.api.StatusDto;
import picocli.CommandLine.Command;

/** {@code tandem status}: what monitoring sees. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Role, peer, arbiter and every group's last good cut, lag and last run.")
final class StatusCommand extends ClientCommand {
  @Override
  public Integer call() {
    if (printedJson("GET", "/api/v1/status", null)) {
      return 0;
    }
    StatusDto s = client().get("/api/v1/status", StatusDto.class);
    out().println("Site     " + s.site() + " (" + s.role() + "), epoch " + s.epoch());
    if (s.peer() != null) {
      out().println("Peer     " + s.peer().site() + ": " + (s.peer().reachable() ? "reachable" : "UNREACHABLE")
          + (s.peer().lastSeen() == null ? "" : ", last seen " + s.peer().lastSeen())
          + (s.peer().error() == null ? "" : " (" + s.peer().error() + ")"));
    }
    out().println("Arbiter  " + s.arbiter().state() + ": " + s.arbiter().detail());
    out().println();
    Tables t = new Tables("GROUP", "ENABLED", "RPO", "LAST GOOD CUT", "LAG", "RUNNING", "LAST RUN");
    for (GroupStatusDto g : s.groups()) {
      t.row(g.name(), g.enabled() ? "yes" : "no", Tables.duration(g.periodicitySeconds()),
          g.lastGoodCutAt() == null ? "never" : Tables.time(g.lastGoodCutAt()),
          Tables.duration(g.lagSeconds()) + (g.rpoBreached() ? " (RPO BREACHED)" : ""), g.running() ? "yes" : "no",
          g.lastRun() == null ? "-" : g.lastRun().state() + " " + g.lastRun().id()
              + (g.lastRun().error() == null ? "" : ": " + g.lastRun().error()));
    }
    t.print(out());
    return 0;
  }
}
