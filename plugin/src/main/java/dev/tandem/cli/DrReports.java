package dev.tandem.cli;

import dev.tandem.arbiter.SwitchReport;
import dev.tandem.switchover.DrillReport;
import dev.tandem.switchover.ReprotectReport;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints the disaster-recovery reports for people. */
final class DrReports {
  private DrReports() {}

  static void print(PrintWriter out, SwitchReport r) {
    out.printf("%s of %s: %s -> %s, epoch %d%n", r.kind(), r.id(), r.from(), r.to(), r.epoch());
    out.printf("  RTO %s (from %s to %s)%n", seconds(r.rto()), r.startedAt(), r.activeAt());
    for (SwitchReport.GroupOutcome g : r.groups()) {
      out.printf("  group %-20s cut %s, data-loss window %s%s%s%n", g.group(), g.cut() == null ? "none" : g.cut(),
          g.dataLoss() == null ? "unknown" : seconds(g.dataLoss()),
          g.bytesCopied() > 0 ? ", " + g.bytesCopied() + " byte(s) copied" : "",
          g.keptAs().isEmpty() ? "" : ", kept as " + g.keptAs());
    }
    r.notes().forEach(n -> out.println("  note: " + n));
  }

  static void print(PrintWriter out, ReprotectReport r) {
    out.printf("FAILBACK of %s: %s replicates to %s again (%s)%n", r.pair(), r.source(), r.target(),
        seconds(Duration.between(r.startedAt(), r.endedAt())));
    for (SwitchReport.GroupOutcome g : r.groups()) {
      out.printf("  group %-20s cut %s: %d of %d byte(s) copied%s%n", g.group(), g.cut(), g.bytesCopied(),
          g.bytesTotal(), g.keptAs().isEmpty() ? "" : "; divergent state kept as " + g.keptAs());
    }
    r.notes().forEach(n -> out.println("  note: " + n));
    r.switchBack().ifPresent(s -> print(out, s));
  }

  static void print(PrintWriter out, DrillReport d) {
    out.printf("DRILL of %s: RTO %s, RPO %s, data %s%n", d.pair(), seconds(d.rto()), d.rpo(),
        d.dataMatches() ? "equal to the last good cut" : "DIFFERENT from the last good cut");
    out.println(d.comparedWithPrimary() ? "  compared with the primary's snapshot of each cut (listing and checksums)"
        : "  primary unreachable: compared with the secondary's own seal only");
    print(out, d.failover());
    d.verified().forEach(v -> out.println("  verified: " + v));
    if (d.differenceCount() > 0) {
      out.printf("  %d difference(s)%s:%n", d.differenceCount(),
          d.differenceCount() > d.differences().size() ? ", the first " + d.differences().size() : "");
      d.differences().forEach(v -> out.println("  differs: " + v));
    }
    print(out, d.failback());
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
