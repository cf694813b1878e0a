package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tandem drill}: fail over, verify, fail back, report. */
@Command(name = "drill", mixinStandardHelpOptions = true,
    description = {"A disaster-recovery drill: fails over to the standby, checks its data equals each group's last "
        + "good cut, fails back and switches back, and reports the RTO and RPO achieved.",
        "Changes made on the active site after its last good cut are kept as a drift snapshot there, as a real "
            + "failover would lose them: run drills in a quiet moment."})
final class DrillCommand implements Callable<Integer> {
  @Mixin
  DrOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (DrContext dr = new DrContext(options)) {
      var report = dr.audited("drill", java.util.Map.of(), () -> dr.switchover().drill(dr.pair));
      DrReports.print(spec.commandLine().getOut(), report);
      return report.dataMatches() ? 0 : TandemCli.EXIT_FAILED;
    }
  }
}
