package dev.tandem.cli;

import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.TandemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Turns exceptions into one clear line on stderr and a documented exit code; stack traces go to the log. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    String field = e instanceof InvalidInputException iie && iie.field() != null ? " (field " + iie.field() + ")" : "";
    cli.getErr().println("tandem: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + field);
    LOG.debug("Command failed", e);
    return exitCode(e);
  }

  static int exitCode(Throwable e) {
    if (e instanceof ApiException api) {
      int status = api.status();
      if (status == 401 || status == 403) {
        return TandemCli.EXIT_DENIED;
      }
      if (status == 503) {
        return TandemCli.EXIT_UNREACHABLE;
      }
      return status >= 400 && status < 500 ? TandemCli.EXIT_USAGE : TandemCli.EXIT_FAILED;
    }
    if (e instanceof ServerUnreachableException) {
      return TandemCli.EXIT_UNREACHABLE;
    }
    if (e instanceof InvalidInputException || e instanceof NotFoundException || e instanceof ConflictException) {
      return TandemCli.EXIT_USAGE;
    }
    if (e instanceof PeerUnavailableException) {
      return TandemCli.EXIT_UNREACHABLE;
    }
    if (e instanceof TandemException) {
      return TandemCli.EXIT_FAILED;
    }
    return TandemCli.EXIT_FAILED;
  }
}
