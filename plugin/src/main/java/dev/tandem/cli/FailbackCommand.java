package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem failback [--switch-back]}: reprotect after a failover. */
@Command(name = "failback", mixinStandardHelpOptions = true,
    description = {"After a failover, once the old primary is back: replicates from the active site to it again, from "
        + "each group's last common cut (only the snapshot diff is copied; the old primary's divergent changes are "
        + "kept as a snapshot, then rolled back).", "With --switch-back, a planned switchover to it follows."})
final class FailbackCommand implements Callable<Integer> {
  @Mixin
  DrOptions options;

  @Option(names = "--switch-back", description = "Make the old primary the active site again afterwards.")
  boolean switchBack;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (DrContext dr = new DrContext(options)) {
      DrReports.print(spec.commandLine().getOut(), dr.audited("failback", java.util.Map.of("switchBack",
          String.valueOf(switchBack)), () -> dr.switchover().failback(dr.pair, switchBack)));
    }
    return 0;
  }
}
