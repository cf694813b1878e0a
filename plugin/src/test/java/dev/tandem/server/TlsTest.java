package dev.tandem.server;

import static dev.tandem.server.TandemProperties.SERVER_TLS_ENABLED;
import static dev.tandem.server.TandemProperties.SERVER_TLS_KEYSTORE_LOCATION;
import static dev.tandem.server.TandemProperties.SERVER_TLS_KEYSTORE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.cli.TandemCli;
import dev.tandem.model.InvalidInputException;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.server.auth.Role;
import dev.tandem.server.auth.UserStore;
import dev.tandem.testing.SandboxTest;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 B: the server over HTTPS with a certificate made here by the JDK's keytool (names {@code localhost} and
 * {@code 127.0.0.1}), its keystore password in a Hadoop credential provider (JCEKS), as production configures it.
 * Plain HTTP is refused, the CLI works with the truststore and fails with one clear line without it.
 */
class TlsTest extends SandboxTest {
  static final String STORE_PW = "ks-pw-4242";
  static final String TRUST_PW = "tr-pw-7777";
  private static final String ADA_PW = "pw-ada-tls";
  private static final String VIEW_SECRET = "tls-view-s3cret-0d1";
  private static Path dir;
  private static Path truststore;
  private static Path caPem;
  private static Configuration tlsConf;
  private static TandemServer server;
  private static SSLContext trusting;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "tls");
    Certificates made = Certificates.make(dir, STORE_PW, TRUST_PW);
    truststore = made.truststore();
    caPem = made.pem();
    tlsConf = new Configuration(false);
    tlsConf.setBoolean(SERVER_TLS_ENABLED, true);
    tlsConf.set(SERVER_TLS_KEYSTORE_LOCATION, made.keystore().toString());
    tlsConf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "jceks://file" + dir.resolve("creds.jceks"));
    CredentialProvider creds = CredentialProviderFactory.getProviders(tlsConf).get(0);
    creds.createCredentialEntry(SERVER_TLS_KEYSTORE_PASSWORD, STORE_PW.toCharArray());
    creds.flush();

    UserStore users = UserStore.parse(Map.of("ada", "admin, " + PasswordHash.create(ADA_PW.toCharArray(), 1000)));
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null).auditPruneInterval(null)
        .instanceId("tls").tls(ServerConfiguration.tls(tlsConf)).allowedHosts(List.of("tandem.example.com"))
        .authenticator(new Authenticator(AuthMode.BASIC, users, VIEW_SECRET, Role.VIEWER, Clock.systemUTC()))
        .build(false).start();
    trusting = ServerTls.trusting(truststore, "PKCS12", TRUST_PW.toCharArray(), "truststore", "password");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A certificate and its stores, made with the JDK's keytool. */
  record Certificates(Path keystore, Path truststore, Path pem) {
    static Certificates make(Path dir, String storePassword, String trustPassword) throws Exception {
      Path keystore = dir.resolve("server.p12");
      Path pem = dir.resolve("server.pem");
      Path truststore = dir.resolve("trust.p12");
      keytool("-genkeypair", "-alias", "tandem", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
          "-keystore", keystore.toString(), "-storepass", storePassword, "-keypass", storePassword);
      keytool("-exportcert", "-rfc", "-alias", "tandem", "-keystore", keystore.toString(), "-storepass",
          storePassword, "-file", pem.toString());
      keytool("-importcert", "-noprompt", "-alias", "tandem-ca", "-file", pem.toString(), "-storetype", "PKCS12",
          "-keystore", truststore.toString(), "-storepass", trustPassword);
      return new Certificates(keystore, truststore, pem);
    }

    private static void keytool(String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }
  }

  private static HttpResponse<String> get(SSLContext tls, String protocol, URI uri, String user, String pw)
      throws IOException, InterruptedException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    if (protocol != null) {
      b.sslParameters(new SSLParameters(null, new String[] {protocol}));
    }
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (user != null) {
      r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw)
          .getBytes(StandardCharsets.UTF_8)));
    }
    return b.build().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI at(String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
  }

  @Test
  void answersOverTls12AndTls13Only() throws Exception {
    assertThat(server.uri().getScheme()).isEqualTo("https");
    HttpResponse<String> status = get(trusting, null, at("https", "/api/v1/status"), "ada", ADA_PW);
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    assertThat(status.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    HttpResponse<String> tls12 = get(trusting, "TLSv1.2", at("https", "/api/v1/health"), null, null);
    assertThat(tls12.statusCode()).isEqualTo(200);
    assertThat(tls12.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
    // by name too: the certificate carries localhost
    assertThat(get(trusting, null, URI.create("https://localhost:" + server.port() + "/api/v1/health"), null, null)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void plainHttpIsRefused() {
    assertThatThrownBy(() -> get(null, null, at("http", "/api/v1/health"), null, null))
        .isInstanceOf(IOException.class);
  }

  @Test
  void untrustedCertificateIsRefusedByTheClient() {
    assertThatThrownBy(() -> get(null, null, at("https", "/api/v1/health"), null, null))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void csrfCookieIsSecureUnderTls() throws Exception {
    HttpResponse<String> page = get(trusting, null, at("https", "/ui/"), "ada", ADA_PW);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("tandem-csrf=").contains("Secure", "HttpOnly", "SameSite=Strict");
  }

  @Test
  void allowedHostsAddToTheServersOwnNames() {
    String head = "GET /api/v1/health HTTP/1.1\r\nHost: %s:" + server.port() + "\r\n";
    assertThat(Http.raw(server.uri().resolve("/"), String.format(head, "tandem.example.com"), null, trusting)
        .status()).isEqualTo(200);
    assertThat(Http.raw(at("https", "/"), String.format(head, "localhost"), null, trusting).status())
        .isEqualTo(200);
    Http.RawReply other = Http.raw(at("https", "/"), String.format(head, "rebound.example"), null, trusting);
    assertThat(other.status()).as(other.body()).isEqualTo(421);
  }

  record Result(int exit, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = TandemCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void cliWorksWithTheTruststoreAndSaysWhyWithoutIt() throws Exception {
    Path pw = Files.writeString(dir.resolve("ada.pw"), ADA_PW);
    Path trustPw = Files.writeString(dir.resolve("trust.pw"), TRUST_PW);
    String https = at("https", "").toString();
    Result ok = cli("status", "--server", https, "--user", "ada", "--password-file", pw.toString(),
        "--truststore", truststore.toString(), "--truststore-password-file", trustPw.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("east");

    Result untrusted = cli("status", "--server", https, "--user", "ada", "--password-file", pw.toString());
    assertThat(untrusted.exit()).isEqualTo(TandemCli.EXIT_UNREACHABLE);
    assertThat(untrusted.err().strip()).startsWith("tandem: The Tandem server at " + https + " presented a "
        + "certificate this client does not accept").contains("--truststore").doesNotContain("Exception", "\tat ");
    assertThat(untrusted.err().strip().lines()).hasSize(1);

    Result plain = cli("status", "--server", at("http", "").toString(), "--user", "ada", "--password-file",
        pw.toString());
    assertThat(plain.exit()).isEqualTo(TandemCli.EXIT_UNREACHABLE);
    assertThat(plain.err()).contains("use an https:// address").doesNotContain("\tat ");

    Result wrongPw = cli("status", "--server", https, "--truststore", truststore.toString(),
        "--truststore-password-file", pw.toString());
    assertThat(wrongPw.exit()).isEqualTo(TandemCli.EXIT_USAGE);
    assertThat(wrongPw.err()).contains("wrong password").contains("truststore-password-file");
  }

  @Test
  void cliTakesTheTruststoreOfTheTandemSiteOnItsClassPath() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Configuration site = new Configuration(false);
    site.set(TandemProperties.SERVER_TLS_TRUSTSTORE_LOCATION, truststore.toString());
    site.set(TandemProperties.SERVER_TLS_TRUSTSTORE_PASSWORD, TRUST_PW);
    try (var out = Files.newOutputStream(conf.resolve(TandemProperties.SITE_FILE))) {
      site.writeXml(out);
    }
    Path pw = Files.writeString(dir.resolve("ada2.pw"), ADA_PW);
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    // scripts/tandem puts $TANDEM_CONF_DIR first on the class path
    try (var confOnPath = new java.net.URLClassLoader(new java.net.URL[] {conf.toUri().toURL()}, before)) {
      Thread.currentThread().setContextClassLoader(confOnPath);
      Result ok = cli("status", "--server", at("https", "").toString(), "--user", "ada", "--password-file",
          pw.toString());
      assertThat(ok.exit()).as(ok.err()).isZero();
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  @Test
  void badKeystoreSettingsNameTheirKey() {
    Configuration missing = new Configuration(false);
    missing.setBoolean(SERVER_TLS_ENABLED, true);
    assertThatThrownBy(() -> ServerConfiguration.tls(missing)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(SERVER_TLS_KEYSTORE_LOCATION + " is required");

    Configuration wrong = new Configuration(false);
    wrong.setBoolean(SERVER_TLS_ENABLED, true);
    wrong.set(SERVER_TLS_KEYSTORE_LOCATION, tlsConf.get(SERVER_TLS_KEYSTORE_LOCATION));
    wrong.set(SERVER_TLS_KEYSTORE_PASSWORD, "not-the-password");
    assertThatThrownBy(() -> ServerConfiguration.tls(wrong)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(SERVER_TLS_KEYSTORE_PASSWORD))
        .hasMessageContaining("wrong password");

    assertThat(ServerConfiguration.tls(new Configuration(false))).as("off by default").isNull();
  }

  /** The pack's alert as the agent runs it (python3), over HTTPS with the CA file or the host's default CAs. */
  @Test
  void ambariAlertsVerifyTheServerWithTheCaFile() throws Exception {
    Map<String, String> site = new java.util.HashMap<>(Map.of("tandem.server.port", Integer.toString(server.port()),
        "tandem.view.secret", VIEW_SECRET, "tandem.server.tls.enabled", "true",
        "tandem.server.tls.ca.file", caPem.toString()));
    var ok = AmbariAlertScriptsTest.agent("alert", "tandem_last_run", "localhost",
        Http.JSON.writeValueAsString(Map.of("tandem-site", site)), "{}");
    assertThat(ok.path("state").asText()).as(ok.toString()).isIn("OK", "CRITICAL");
    assertThat(ok.path("text").asText()).contains("enabled protection groups");

    site.remove("tandem.server.tls.ca.file");
    var untrusted = AmbariAlertScriptsTest.agent("alert", "tandem_last_run", "localhost",
        Http.JSON.writeValueAsString(Map.of("tandem-site", site)), "{}");
    assertThat(untrusted.path("state").asText()).isEqualTo("UNKNOWN");
    assertThat(untrusted.path("text").asText()).startsWith("No verified TLS connection to the Tandem server at "
        + "https://localhost:" + server.port()).contains("tandem.server.tls.ca.file").doesNotContain(VIEW_SECRET);
  }
}
