package dev.tandem.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.tandem.server.ServerConfiguration;
import dev.tandem.server.ServerTls;
import dev.tandem.server.TandemProperties;
import javax.net.ssl.SSLContext;
import org.apache.hadoop.conf.Configuration;
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

  @Option(names = "--truststore", description = "Truststore (PKCS12 or JKS) with the CA of the server's HTTPS "
      + "certificate. Default: $TANDEM_TRUSTSTORE, else "
      + "tandem.server.tls.truststore.location of a tandem-site.xml on the class path ($TANDEM_CONF_DIR), else the "
      + "JDK's (javax.net.ssl.trustStore).", defaultValue = "${env:TANDEM_TRUSTSTORE}")
  Path truststore;

  @Option(names = "--truststore-password-file", description = "File holding the truststore's password (without "
      + "it: TANDEM_TRUSTSTORE_PASSWORD, else none).")
  Path truststorePasswordFile;

  @Option(names = "--json", description = "Print the server's JSON answer instead of a table (for scripts).")
  boolean json;

  ApiClient client() {
    char[] password = null;
    if (passwordFile != null) {
      password = read(passwordFile, "password-file");
    } else if (System.getenv("TANDEM_PASSWORD") != null) {
      password = System.getenv("TANDEM_PASSWORD").toCharArray();
    }
    return new ApiClient(server, user, password, Duration.ofSeconds(10), tls());
  }

  private static char[] read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
    } catch (IOException e) {
      throw new dev.tandem.model.InvalidInputException(option, "Cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Whom to trust over HTTPS: --truststore, else the conf dir's tandem-site.xml, else null (the JDK's default). */
  private SSLContext tls() {
    if (!"https".equalsIgnoreCase(server.getScheme())) {
      return null;
    }
    if (truststore != null && !truststore.toString().isEmpty()) {
      char[] pw = truststorePasswordFile != null ? read(truststorePasswordFile, "truststore-password-file")
          : System.getenv("TANDEM_TRUSTSTORE_PASSWORD") == null ? null
          : System.getenv("TANDEM_TRUSTSTORE_PASSWORD").toCharArray();
      return ServerTls.trusting(truststore, null, pw, "truststore", "truststore-password-file");
    }
    if (Thread.currentThread().getContextClassLoader().getResource(TandemProperties.SITE_FILE) == null) {
      return null;
    }
    Configuration conf = new Configuration(false);
    conf.addResource(TandemProperties.SITE_FILE);
    String location = conf.getTrimmed(TandemProperties.SERVER_TLS_TRUSTSTORE_LOCATION, "");
    if (location.isEmpty()) {
      return null;
    }
    return ServerTls.trusting(Path.of(location), conf.getTrimmed(TandemProperties.SERVER_TLS_KEYSTORE_TYPE,
        TandemProperties.SERVER_TLS_KEYSTORE_TYPE_DEFAULT), ServerConfiguration.password(conf,
        TandemProperties.SERVER_TLS_TRUSTSTORE_PASSWORD), TandemProperties.SERVER_TLS_TRUSTSTORE_LOCATION,
        TandemProperties.SERVER_TLS_TRUSTSTORE_PASSWORD);
  }
}
