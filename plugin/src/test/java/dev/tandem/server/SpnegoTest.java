package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.server.auth.Role;
import dev.tandem.server.auth.SpnegoAcceptor;
import dev.tandem.server.auth.UserStore;
import dev.tandem.testing.SandboxTest;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.apache.hadoop.minikdc.MiniKdc;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP SPNEGO against a real KDC (MiniKdc): a Kerberos user reaches the API with the role the users file gives. */
class SpnegoTest extends SandboxTest {
  private static MiniKdc kdc;
  private static File keytabs;
  private static TandemServer server;
  private static Http http;
  private static final String KRB5_CONF = "java.security.krb5.conf";
  private static String krb5Before;

  @BeforeAll
  static void start() throws Exception {
    krb5Before = System.getProperty(KRB5_CONF);
    File dir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "kdc").toFile();
    Properties conf = MiniKdc.createConf();
    kdc = new MiniKdc(conf, dir);
    kdc.start();
    keytabs = new File(dir, "test.keytab");
    kdc.createPrincipal(keytabs, "HTTP/localhost", "alice", "mallory");
    UserStore users = UserStore.parse(Map.of("alice", "operator",
        "ada", "admin, " + PasswordHash.create("pw-ada".toCharArray(), 1000)));
    SpnegoAcceptor acceptor = SpnegoAcceptor.login("HTTP/localhost@" + kdc.getRealm(), keytabs);
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null)
        .authenticator(new Authenticator(AuthMode.KERBEROS, users, "", Role.VIEWER, Clock.systemUTC(), acceptor,
            Role.VIEWER))
        .build(false).start();
    http = new Http(URI.create("http://localhost:" + server.port()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (kdc != null) {
      kdc.stop();
    }
    if (krb5Before == null) {
      System.clearProperty(KRB5_CONF);
    } else {
      System.setProperty(KRB5_CONF, krb5Before);
    }
  }

  @Test
  void kerberosUserGetsTheRoleOfTheUsersFile() throws Exception {
    var alice = http.with("Authorization", "Negotiate " + token("alice")).get("/api/v1/whoami");
    assertThat(alice.status()).as(alice.toString()).isEqualTo(200);
    assertThat(alice.json().path("user").asText()).isEqualTo("alice");
    assertThat(alice.json().path("role").asText()).isEqualTo("operator");
    assertThat(alice.json().path("via").asText()).isEqualTo("kerberos");

    var mallory = http.with("Authorization", "Negotiate " + token("mallory")).get("/api/v1/whoami");
    assertThat(mallory.json().path("role").asText()).as("not in the users file: the default role")
        .isEqualTo("viewer");
    ApiTest.assertError(http.with("Authorization", "Negotiate " + token("mallory")).csrf()
        .post("/api/v1/groups/any/runs", null), 403, "forbidden", null);
  }

  @Test
  void challengesOfferNegotiateAndBasicAndRefuseBadTokens() {
    var none = http.get("/api/v1/status");
    ApiTest.assertError(none, 401, "unauthenticated", null);
    assertThat(none.raw().headers().allValues("WWW-Authenticate")).contains("Negotiate")
        .anyMatch(v -> v.startsWith("Basic"));
    ApiTest.assertError(http.with("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(
        "not a token".getBytes())).get("/api/v1/status"), 401, "unauthenticated", null);
    assertThat(http.basic("ada", "pw-ada").get("/api/v1/whoami").json().path("role").asText()).isEqualTo("admin");
  }

  /** A SPNEGO token for HTTP/localhost, as a browser or {@code curl --negotiate} would send it. */
  private static String token(String user) throws Exception {
    String principal = user + "@" + kdc.getRealm();
    Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytabs.getAbsolutePath(), "principal",
        principal, "doNotPrompt", "true", "isInitiator", "true", "refreshKrb5Config", "true", "storeKey", "false");
    LoginContext login = new LoginContext("client", new Subject(), null, new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
      }
    });
    login.login();
    try {
      return Subject.doAs(login.getSubject(), (PrivilegedExceptionAction<String>) () -> {
        GSSManager gss = GSSManager.getInstance();
        GSSName service = gss.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE);
        GSSContext context = gss.createContext(service, new Oid("1.3.6.1.5.5.2"), null, GSSContext.DEFAULT_LIFETIME);
        try {
          byte[] token = context.initSecContext(new byte[0], 0, 0);
          return Base64.getEncoder().encodeToString(token);
        } finally {
          context.dispose();
        }
      });
    } finally {
      login.logout();
    }
  }
}
