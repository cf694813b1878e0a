package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tandem switchover}: planned, without data loss. */
@Command(name = "switchover", mixinStandardHelpOptions = true,
    description = {"Planned switchover: a last run, the fence (nobody writes), the final run, then the standby is "
        + "promoted and the old active becomes the standby. Nothing written before the fence is lost."})
final class SwitchoverCommand implements Callable<Integer> {
  @Mixin
  DrOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (DrContext dr = new DrContext(options)) {
      DrReports.print(spec.commandLine().getOut(), dr.audited("switchover", java.util.Map.of(),
          () -> dr.switchover().switchover(dr.pair)));
    }
    return 0;
  }
}
