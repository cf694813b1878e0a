package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem failover [--force]}: the active site is lost. */
@Command(name = "failover", mixinStandardHelpOptions = true,
    description = {"Promotes the standby because the active site is lost: each group is rolled back to its last good "
        + "cut there and served from it. Reports the RTO and each group's data-loss window.",
        "Without --force, refuses when the active site is healthy or the pair is not protected."})
final class FailoverCommand implements Callable<Integer> {
  @Mixin
  DrOptions options;

  @Option(names = "--force", description = "Promote even if the active site looks healthy or the pair is not "
      + "protected (the old active is fenced first: it stops within its lease).")
  boolean force;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (DrContext dr = new DrContext(options)) {
      DrReports.print(spec.commandLine().getOut(), dr.audited("failover", java.util.Map.of("force", String.valueOf(force)),
          () -> dr.switchover().failover(dr.pair, force)));
    }
    return 0;
  }
}
