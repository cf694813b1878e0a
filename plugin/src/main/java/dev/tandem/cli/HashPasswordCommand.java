package dev.tandem.cli;

import dev.tandem.server.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem hash-password}: a line for the users file, from a password read without echo. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
    description = {"Reads a password (from the terminal without echo, or one line of standard input) and prints the "
        + "hash to put in the users file:", "  alice = admin, <hash>"})
final class HashPasswordCommand implements Callable<Integer> {
  @Option(names = "--iterations", description = "PBKDF2 iterations. Default ${DEFAULT-VALUE}",
      defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS)
  int iterations;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("Password: ");
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      throw new dev.tandem.model.InvalidInputException("password", "Empty password");
    }
    spec.commandLine().getOut().println(PasswordHash.create(password, iterations));
    spec.commandLine().getOut().flush();
    Arrays.fill(password, '\0');
    return 0;
  }
}
