package dev.tandem.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TandemProxyTest {
  private static Map<String, List<String>> headers() {
    Map<String, List<String>> h = new HashMap<String, List<String>>();
    h.put("Accept", Collections.singletonList("application/json"));
    h.put("Content-Type", Collections.singletonList("application/json"));
    h.put("Authorization", Collections.singletonList("Basic YWRtaW46YWRtaW4="));
    h.put("Cookie", Collections.singletonList("AMBARISESSIONID=secret-session"));
    return h;
  }

  private static TandemProxy proxy(String url) {
    Map<String, String> p = new HashMap<String, String>();
    p.put(ViewSettings.SERVER_URL, url);
    p.put(ViewSettings.SECRET, "s3cret");
    return new TandemProxy(ViewSettings.from(p));
  }

  @Test
  void forwardsAsTheAmbariUserWithTheSecretAndWithoutAmbarisCredentials() throws Exception {
    try (FakeTandemServer server = new FakeTandemServer(201, "application/json", "{\"id\":\"r-1\"}")) {
      ProxyResponse r = proxy(server.url()).forward("POST", "api/v1/groups/billing/runs", "wait=false", headers(),
          "{}".getBytes(StandardCharsets.UTF_8), "alice");
      assertThat(r.status()).isEqualTo(201);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"r-1\"}");
      assertThat(r.contentType()).isEqualTo("application/json");
      FakeTandemServer.Seen seen = server.seen().get(0);
      assertThat(seen.method).isEqualTo("POST");
      assertThat(seen.uri).isEqualTo("/api/v1/groups/billing/runs?wait=false");
      assertThat(seen.body).isEqualTo("{}");
      assertThat(seen.header(TandemProxy.USER_HEADER)).isEqualTo("alice");
      assertThat(seen.header(TandemProxy.SECRET_HEADER)).isEqualTo("s3cret");
      assertThat(seen.header("Accept")).isEqualTo("application/json");
      assertThat(seen.header("Authorization")).isNull();
      assertThat(seen.header("Cookie")).isNull();
    }
  }

  @Test
  void errorsOfTheServerPassThroughWithTheirBody() throws Exception {
    try (FakeTandemServer server = new FakeTandemServer(422, "application/json", "{\"field\":\"name\"}")) {
      ProxyResponse r = proxy(server.url()).forward("PUT", "api/v1/groups/x", null, headers(), new byte[0], "bob");
      assertThat(r.status()).isEqualTo(422);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"field\":\"name\"");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../admin", "api/v1/../../etc/passwd", "ui/%2e%2e/x", "api/v2/status", "admin",
      "api/v1//x", "http://evil.example/x", "api\\v1"})
  void onlyTandemsApiAndPagesAreReachable(String path) throws Exception {
    try (FakeTandemServer server = new FakeTandemServer(200, "text/plain", "ok")) {
      ProxyResponse r = proxy(server.url()).forward("GET", path, null, headers(), null, "alice");
      assertThat(r.status()).isEqualTo(404);
      assertThat(server.seen()).isEmpty();
    }
  }

  @Test
  void anUnreachableServerIsA502ThatNamesItButNotTheSecret() {
    ProxyResponse r = proxy("http://127.0.0.1:1/").forward("GET", "api/v1/status", null, headers(), null, "alice");
    assertThat(r.status()).isEqualTo(502);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("\"type\":\"PeerUnavailable\"").contains("http://127.0.0.1:1/").doesNotContain("s3cret");
  }

  @Test
  void noUserNoForwarding() throws Exception {
    try (FakeTandemServer server = new FakeTandemServer(200, "text/plain", "ok")) {
      assertThat(proxy(server.url()).forward("GET", "ui/", null, headers(), null, "").status()).isEqualTo(401);
      assertThat(server.seen()).isEmpty();
    }
  }

  @Test
  void settingsNameTheParameterToFixAndNeverPrintTheSecret() {
    Map<String, String> p = new HashMap<String, String>();
    assertThatThrownBy(() -> ViewSettings.from(p)).hasMessageContaining("tandem.server.url is not set");
    p.put(ViewSettings.SERVER_URL, "ftp://host/");
    assertThatThrownBy(() -> ViewSettings.from(p)).hasMessageContaining("must be http or https");
    p.put(ViewSettings.SERVER_URL, "http://host:21400");
    assertThatThrownBy(() -> ViewSettings.from(p)).hasMessageContaining("tandem.view.secret is not set");
    p.put(ViewSettings.SECRET, "s3cret");
    assertThat(ViewSettings.from(p).toString()).doesNotContain("s3cret");
    assertThat(ViewSettings.from(p).serverUrl().toString()).isEqualTo("http://host:21400/");
  }

  @Test
  void errorBodiesAreJsonSafe() {
    String body = new String(TandemProxy.error(500, "X", "bad \"<script>\"\n").body(), StandardCharsets.UTF_8);
    assertThat(body).isEqualTo("{\"code\":500,\"type\":\"X\",\"message\":\"bad \\\"\\u003cscript\\u003e\\\"\\u000a\"}");
    assertThat(Arrays.asList(body.split(""))).doesNotContain("<");
  }

  // ---------------------------------------------------------------- HTTPS (issue 16 B)

  /** A key pair and certificate for 127.0.0.1 made by the JDK's keytool, and a truststore with the certificate. */
  private static java.nio.file.Path[] certificate(java.nio.file.Path dir) throws Exception {
    java.nio.file.Path keystore = dir.resolve("server.p12");
    java.nio.file.Path cert = dir.resolve("server.pem");
    java.nio.file.Path truststore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "tandem", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
        "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
        keystore.toString(), "-storepass", "ks-pw-1", "-keypass", "ks-pw-1");
    keytool("-exportcert", "-rfc", "-alias", "tandem", "-keystore", keystore.toString(), "-storepass", "ks-pw-1",
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", "tr-pw-1");
    return new java.nio.file.Path[] {keystore, truststore};
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<String>();
    command.add(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] b = new byte[4096];
    for (int n; (n = p.getInputStream().read(b)) > 0; ) {
      out.write(b, 0, n);
    }
    assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
  }

  private static javax.net.ssl.SSLContext serverTls(java.nio.file.Path keystore) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(keystore)) {
      store.load(in, "ks-pw-1".toCharArray());
    }
    javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "ks-pw-1".toCharArray());
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Test
  void httpsWithTheViewsTruststoreForwardsAndWithoutItIs502NamingTheParameter(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path[] made = certificate(dir);
    try (FakeTandemServer server = new FakeTandemServer(200, "application/json", "{\"ok\":true}",
        serverTls(made[0]))) {
      assertThat(server.url()).startsWith("https://");
      Map<String, String> p = new HashMap<String, String>();
      p.put(ViewSettings.SERVER_URL, server.url());
      p.put(ViewSettings.SECRET, "s3cret");
      p.put(ViewSettings.TRUSTSTORE, made[1].toString());
      p.put(ViewSettings.TRUSTSTORE_PASSWORD, "tr-pw-1");
      ProxyResponse ok = new TandemProxy(ViewSettings.from(p)).forward("GET", "api/v1/status", null, headers(), null,
          "alice");
      assertThat(ok.status()).as(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(server.seen().get(0).header(TandemProxy.USER_HEADER)).isEqualTo("alice");

      p.remove(ViewSettings.TRUSTSTORE);
      ProxyResponse refused = new TandemProxy(ViewSettings.from(p)).forward("GET", "api/v1/status", null, headers(),
          null, "alice");
      assertThat(refused.status()).isEqualTo(502);
      assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("presented a certificate this view "
          + "does not accept", "tandem.server.truststore");
      assertThat(server.seen()).as("nothing sent to an unverified server").hasSize(1);
    }
  }

  @Test
  void truststoreSettingsAreChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path[] made = certificate(dir);
    Map<String, String> p = new HashMap<String, String>();
    p.put(ViewSettings.SERVER_URL, "http://host:21400");
    p.put(ViewSettings.SECRET, "s3cret");
    p.put(ViewSettings.TRUSTSTORE, made[1].toString());
    assertThatThrownBy(() -> ViewSettings.from(p)).hasMessageContaining("tandem.server.truststore is set but "
        + "tandem.server.url is not https");
    p.put(ViewSettings.SERVER_URL, "https://host:21400");
    p.put(ViewSettings.TRUSTSTORE_PASSWORD, "wrong");
    assertThatThrownBy(() -> ViewSettings.from(p)).hasMessageContaining("cannot read " + made[1]);
    p.put(ViewSettings.TRUSTSTORE, dir.resolve("missing.p12").toString());
    assertThatThrownBy(() -> ViewSettings.from(p)).hasMessageContaining("tandem.server.truststore");
  }
}
