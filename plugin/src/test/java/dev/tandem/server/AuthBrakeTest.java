package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.fake.TickingClock;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.LoginThrottle;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.server.auth.UsersFile;
import dev.tandem.testing.SandboxTest;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 E over real HTTP: the brake on failed logins per user and per client address (429 with
 * {@code Retry-After}, public endpoints untouched), and the users file read again without a restart. Clients come
 * from different loopback addresses (127.0.0.x); the clock is the test's, so windows end without waiting.
 */
class AuthBrakeTest extends SandboxTest {
  private static final int MAX = 3;
  private static final Duration WINDOW = Duration.ofMinutes(2);
  private static final TickingClock CLOCK = new TickingClock(Instant.parse("2026-12-08T00:00:00Z"), Duration.ZERO);
  private static final StringWriter LOG = new StringWriter();
  private static WriterAppender appender;
  private static Path usersFile;
  private static long version = 1_000_000L;
  private static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    appender = new WriterAppender(new PatternLayout("%p %c %m%n"), LOG);
    Logger.getRootLogger().addAppender(appender);
    Path dir = Files.createTempDirectory(new java.io.File("target").toPath().toAbsolutePath(), "users");
    usersFile = dir.resolve("tandem-users.properties");
    writeUsers("uta = viewer, " + hash("pw-uta") + "\nvic = viewer, " + hash("pw-vic") + "\nkim = operator, "
        + hash("pw-kim") + "\n");
    Authenticator auth = Authenticator.builder(AuthMode.BASIC)
        .users(UsersFile.load(usersFile, Duration.ofSeconds(5), CLOCK))
        .throttle(new LoginThrottle(MAX, WINDOW, LoginThrottle.MAX_KEYS_DEFAULT, CLOCK))
        .clock(CLOCK).build();
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null).auditPruneInterval(null)
        .authenticator(auth).build(false).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    Logger.getRootLogger().removeAppender(appender);
  }

  @Test
  void userIsBrakedAfterMaxFailuresFromAnyClients() {
    // 2 + 1 failures from two clients: the user reaches the limit, neither client does.
    assertThat(get("127.0.0.11", "/api/v1/whoami", "uta", "guess-1").status).isEqualTo(401);
    assertThat(get("127.0.0.11", "/api/v1/whoami", "uta", "guess-2").status).isEqualTo(401);
    assertThat(get("127.0.0.12", "/api/v1/whoami", "uta", "guess-3").status).isEqualTo(401);

    Reply right = get("127.0.0.13", "/api/v1/whoami", "uta", "pw-uta");
    assertThat(right.status).as("the right password too, from a third client").isEqualTo(429);
    assertThat(right.text).contains("\"type\":\"too_many_requests\"", "Too many failed logins (user uta)");
    assertThat(Long.parseLong(right.header("Retry-After"))).isBetween(1L, WINDOW.toSeconds());
    assertThat(get("127.0.0.11", "/api/v1/whoami", "vic", "pw-vic").status).as("other users of the client")
        .isEqualTo(200);
    assertThat(get("127.0.0.13", "/api/v1/health", null, null).status).as("public endpoints").isEqualTo(200);
    assertThat(LOG.toString()).contains("Too many failed logins (user uta)");

    CLOCK.advance(WINDOW);
    assertThat(get("127.0.0.13", "/api/v1/whoami", "uta", "pw-uta").status).as("after the window").isEqualTo(200);
  }

  @Test
  void clientIsBrakedWhateverNamesItTries() {
    for (String name : new String[] {"mallory", "eve", "trudy"}) {
      assertThat(get("127.0.0.21", "/api/v1/status", name, "guess").status).isEqualTo(401);
    }
    Reply known = get("127.0.0.21", "/api/v1/whoami", "kim", "pw-kim");
    assertThat(known.status).as("a valid account from that client").isEqualTo(429);
    assertThat(known.text).contains("Too many failed logins (client 127.0.0.21)");
    assertThat(known.header("Retry-After")).isNotNull();
    assertThat(get("127.0.0.21", "/api/v1/health", null, null).status).as("/health stays open").isEqualTo(200);
    assertThat(get("127.0.0.21", "/api/v1/openapi.json", null, null).status).isEqualTo(200);
    assertThat(get("127.0.0.22", "/api/v1/whoami", "kim", "pw-kim").status).as("other clients").isEqualTo(200);

    CLOCK.advance(WINDOW);
    assertThat(get("127.0.0.21", "/api/v1/whoami", "kim", "pw-kim").status).as("after the window").isEqualTo(200);
  }

  @Test
  void successClearsTheUsersCount() {
    assertThat(get("127.0.0.31", "/api/v1/status", "vic", "guess-1").status).isEqualTo(401);
    assertThat(get("127.0.0.32", "/api/v1/status", "vic", "guess-2").status).isEqualTo(401);
    assertThat(get("127.0.0.33", "/api/v1/status", "vic", "pw-vic").status).isEqualTo(200);
    assertThat(get("127.0.0.34", "/api/v1/status", "vic", "guess-3").status).isEqualTo(401);
    assertThat(get("127.0.0.35", "/api/v1/status", "vic", "guess-4").status).as("a new count").isEqualTo(401);
    assertThat(get("127.0.0.36", "/api/v1/status", "vic", "pw-vic").status).isEqualTo(200);
  }

  @Test
  void usersFileIsReadAgainAndABrokenVersionKeepsTheOld() throws Exception {
    String kept = Files.readString(usersFile);
    try {
      writeUsers(kept.replace("vic = viewer", "vic = admin") + "wes = operator, " + hash("pw-wes") + "\n");
      CLOCK.advance(Duration.ofSeconds(5));
      Reply wes = get("127.0.0.41", "/api/v1/whoami", "wes", "pw-wes");
      assertThat(wes.status).as("a user added").isEqualTo(200);
      assertThat(wes.text).contains("\"role\":\"operator\"");
      assertThat(get("127.0.0.41", "/api/v1/whoami", "vic", "pw-vic").text).as("a role changed")
          .contains("\"role\":\"admin\"");

      writeUsers("vic = superuser\n");
      CLOCK.advance(Duration.ofSeconds(5));
      assertThat(get("127.0.0.42", "/api/v1/whoami", "wes", "pw-wes").status).as("old users kept").isEqualTo(200);
      CLOCK.advance(Duration.ofSeconds(5));
      assertThat(get("127.0.0.42", "/api/v1/whoami", "vic", "pw-vic").text).contains("\"role\":\"admin\"");
      String warned = "Users file " + usersFile + " changed but cannot be used";
      assertThat(LOG.toString().split(java.util.regex.Pattern.quote(warned), -1)).as("one WARN").hasSize(2);
    } finally {
      writeUsers(kept);
      CLOCK.advance(Duration.ofSeconds(5));
    }
  }

  private static String hash(String password) {
    return PasswordHash.create(password.toCharArray(), 1000);
  }

  private static void writeUsers(String text) throws IOException {
    Files.writeString(usersFile, text);
    version += 10_000; // a new modification time whatever the file system's resolution
    Files.setLastModifiedTime(usersFile, FileTime.fromMillis(version));
  }

  private record Reply(int status, String head, String text) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** A GET from the loopback address {@code from}, with basic credentials when {@code user} is not null. */
  private static Reply get(String from, String path, String user, String password) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      s.setSoTimeout(30_000);
      String auth = user == null ? "" : "Authorization: Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n" + auth
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      return new Reply(Integer.parseInt(head.split(" ", 3)[1]), head, end < 0 ? "" : text.substring(end + 4));
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " from " + from + ": " + e, e);
    }
  }
}
