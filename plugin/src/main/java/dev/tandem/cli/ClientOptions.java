package dev.tandem.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options every client verb shares. The password never appears on the command line (where {@code ps} shows it):
 * it comes from {@code TANDEM_PASSWORD} or a file.
 */
final class ClientOptions {
  @Option(names = "--server", description = "Tandem server URL. Default: $TANDEM_SERVER or ${DEFAULT-VALUE}",
      defaultValue = "${env:TANDEM_SERVER:-http://localhost:21400}")
  URI server;

  @Option(names = "--user", description = "User for HTTP basic authentication. Default: $TANDEM_USER",
      defaultValue = "${env:TANDEM_USER}")
  String user;

  @Option(names = "--password-file", description = "File holding the password (without it, the password is "
      + "taken from the environment variable TANDEM_PASSWORD).")
  Path passwordFile;

  @Option(names = "--json", description = "Print the server's JSON answer instead of a table (for scripts).")
  boolean json;

  ApiClient client() {
    char[] password = null;
    if (passwordFile != null) {
      try {
        password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
      } catch (IOException e) {
        throw new dev.tandem.model.InvalidInputException("password-file", "Cannot read " + passwordFile + ": "
            + e.getMessage());
      }
    } else if (System.getenv("TANDEM_PASSWORD") != null) {
      password = System.getenv("TANDEM_PASSWORD").toCharArray();
    }
    return new ApiClient(server, user, password, Duration.ofSeconds(10));
  }
}
