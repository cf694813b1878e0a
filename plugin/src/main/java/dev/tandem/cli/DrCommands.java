package dev.tandem.cli;

import picocli.CommandLine;

/** The disaster-recovery verbs, registered in one place: switchover, failover, failback, drill, arbiter. */
final class DrCommands {
  private DrCommands() {}

  static CommandLine register(CommandLine cli) {
    cli.addSubcommand(new CommandLine(new SwitchoverCommand()));
    cli.addSubcommand(new CommandLine(new FailoverCommand()));
    cli.addSubcommand(new CommandLine(new FailbackCommand()));
    cli.addSubcommand(new CommandLine(new DrillCommand()));
    cli.addSubcommand(new CommandLine(new ArbiterCommand()));
    return cli;
  }
}
