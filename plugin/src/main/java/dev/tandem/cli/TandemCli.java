package dev.tandem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tandem} command. Exit codes: 0 success, 1 the operation ran and failed (a failed run, a failed
 * demo, a server error), 2 bad usage or input (the server answered 400, 404, 409 or 422), 3 a site or server could
 * not be reached (or answered 503), 4 not authenticated or not allowed (401, 403).
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemCli.Version.class,
    description = "Service-consistent disaster recovery for Hadoop clusters.",
    subcommands = {SandboxCommand.class, ServerCommand.class, SitesCommand.class, PairCommand.class,
        GroupCommand.class, RunCommand.class, UserDataCommand.class, RestoreCommand.class, DrTestCommand.class,
        StatusCommand.class, AuditCommand.class, StateCommand.class, HashPasswordCommand.class,
        RegistryAclCommand.class})
public final class TandemCli {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_UNREACHABLE = 3;
  public static final int EXIT_DENIED = 4;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TandemCli());
    DrCommands.register(cli);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TandemCli.class.getPackage().getImplementationVersion();
      return new String[] {"tandem " + (v == null ? "development build" : v)};
    }
  }
}
