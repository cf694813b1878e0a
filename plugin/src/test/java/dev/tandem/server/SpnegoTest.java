package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.sandbox.SandboxServer;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.AuthToLocal;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.server.auth.Role;
import dev.tandem.server.auth.SpnegoAcceptor;
import dev.tandem.server.auth.UserStore;
import dev.tandem.server.error.ForbiddenException;
import dev.tandem.testing.SandboxTest;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.security.PrivilegedExceptionAction;
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
  private static SpnegoAcceptor acceptor;
  private static Http http;
  private static final String KRB5_CONF = "java.security.krb5.conf";
  private static String krb5Before;

  @BeforeAll
  static void start() throws Exception {
    krb5Before = System.getProperty(KRB5_CONF);
    File dir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "kdc").toFile();
    Properties conf = MiniKdc.createConf();
    kdc = new MiniKdc(conf, dir);
    dev.tandem.testing.Kdcs.start(kdc);
    keytabs = new File(dir, "test.keytab");
    kdc.createPrincipal(keytabs, "HTTP/localhost", "alice", "mallory", "ada/x", "bob/x");
    UserStore users = UserStore.parse(Map.of("alice", "operator",
        "ada", "admin, " + PasswordHash.create("pw-ada".toCharArray(), 1000)));
    acceptor = SpnegoAcceptor.login("HTTP/localhost@" + kdc.getRealm(), keytabs);
    // One-component principals of the KDC's realm, and ada's two-component one; nothing else.
    String realm = kdc.getRealm().replace(".", "\\.");
    AuthToLocal rules = AuthToLocal.of("RULE:[1:$1@$0](.*@" + realm + ")s/@.*//\nRULE:[2:$1@$0](ada@" + realm
        + ")s/@.*//", TandemProperties.AUTH_KERBEROS_AUTH_TO_LOCAL);
    server = SandboxServer.builder(sandbox, 0).healthInterval(null).schedulerTick(null)
        .authenticator(Authenticator.builder(AuthMode.KERBEROS).users(users).view("", Role.VIEWER)
            .kerberos(acceptor, rules, Role.VIEWER).build())
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

  // Issue 16 C: the principal is mapped by auth_to_local, no longer cut to its first component.
  @Test
  void multiComponentPrincipalsNeedARule() throws Exception {
    var ada = http.with("Authorization", "Negotiate " + token("ada/x")).get("/api/v1/whoami");
    assertThat(ada.status()).as(ada.toString()).isEqualTo(200);
    assertThat(ada.json().path("user").asText()).as("mapped by the two-component rule").isEqualTo("ada");
    assertThat(ada.json().path("role").asText()).isEqualTo("admin");

    var bob = http.with("Authorization", "Negotiate " + token("bob/x")).get("/api/v1/whoami");
    ApiTest.assertError(bob, 403, "forbidden", null);
    assertThat(bob.json().path("message").asText()).contains("bob/x@" + kdc.getRealm(), "maps to no local user",
        "tandem.auth.kerberos.auth_to_local");
  }

  @Test
  void principalOfARealmNoRuleMapsIsRefused() throws Exception {
    // To a server whose rules map only EAST.EXAMPLE.COM, the KDC's realm is a foreign one.
    Authenticator east = Authenticator.builder(AuthMode.KERBEROS)
        .users(UserStore.parse(Map.of("alice", "admin"))).view("", Role.VIEWER)
        .kerberos(acceptor, AuthToLocal.of("RULE:[1:$1@$0](.*@EAST\\.EXAMPLE\\.COM)s/@.*//",
            TandemProperties.AUTH_KERBEROS_AUTH_TO_LOCAL), Role.VIEWER).build();
    String header = "Negotiate " + token("alice");
    try {
      assertThatThrownBy(() -> east.authenticate(n -> n.equals("Authorization") ? header : null, "127.0.0.1"))
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining("alice@" + kdc.getRealm())
          .hasMessageContaining("maps to no local user");
    } finally {
      // the server's own rules again, for the other tests (Hadoop keeps one set per JVM)
      assertThat(http.with("Authorization", "Negotiate " + token("alice")).get("/api/v1/whoami").json()
          .path("role").asText()).isEqualTo("operator");
    }
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
