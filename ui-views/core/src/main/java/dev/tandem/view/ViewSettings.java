package dev.tandem.view;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The view instance's parameters (view.xml): where the Tandem server of this site is, and the secret that
 * proves to it that a request comes from this view, which vouches for the Ambari user it names.
 */
public final class ViewSettings {
  public static final String SERVER_URL = "tandem.server.url";
  public static final String SECRET = "tandem.view.secret";
  /** Optional, for an https server URL: a truststore on the Ambari Server host with the CA of its certificate. */
  public static final String TRUSTSTORE = "tandem.server.truststore";
  public static final String TRUSTSTORE_PASSWORD = "tandem.server.truststore.password";

  private final URL serverUrl;
  private final String secret;
  private final SSLSocketFactory tls;

  private ViewSettings(URL serverUrl, String secret, SSLSocketFactory tls) {
    this.serverUrl = serverUrl;
    this.secret = secret;
    this.tls = tls;
  }

  /** Reads and checks the instance properties; the message names the parameter to fix in Ambari. */
  public static ViewSettings from(Map<String, String> properties) {
    String url = properties.get(SERVER_URL);
    if (url == null || url.trim().isEmpty()) {
      throw new IllegalArgumentException("View parameter " + SERVER_URL + " is not set");
    }
    URL parsed;
    try {
      parsed = new URL(url.trim().endsWith("/") ? url.trim() : url.trim() + "/");
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("View parameter " + SERVER_URL + " is not a URL: " + url);
    }
    if (!"http".equals(parsed.getProtocol()) && !"https".equals(parsed.getProtocol())) {
      throw new IllegalArgumentException("View parameter " + SERVER_URL + " must be http or https: " + url);
    }
    String secret = properties.get(SECRET);
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("View parameter " + SECRET + " is not set");
    }
    String truststore = properties.get(TRUSTSTORE);
    SSLSocketFactory tls = null;
    if (truststore != null && !truststore.trim().isEmpty()) {
      if (!"https".equals(parsed.getProtocol())) {
        throw new IllegalArgumentException("View parameter " + TRUSTSTORE + " is set but " + SERVER_URL
            + " is not https: " + url);
      }
      tls = trusting(truststore.trim(), properties.get(TRUSTSTORE_PASSWORD));
    }
    return new ViewSettings(parsed, secret, tls);
  }

  /** Without {@link #TRUSTSTORE}, Ambari Server's own (its JVM's javax.net.ssl.trustStore, else cacerts). */
  private static SSLSocketFactory trusting(String path, String password) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      InputStream in = new FileInputStream(path);
      try {
        store.load(in, password == null || password.isEmpty() ? null : password.toCharArray());
      } finally {
        in.close();
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException e) {
      throw new IllegalArgumentException("View parameter " + TRUSTSTORE + ": cannot read " + path + " (wrong "
          + TRUSTSTORE_PASSWORD + "?): " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("View parameter " + TRUSTSTORE + ": " + path + " cannot be used: "
          + e.getMessage());
    }
  }

  /** The truststore's socket factory, or null: the JVM's default. */
  SSLSocketFactory tls() {
    return tls;
  }

  public URL serverUrl() {
    return serverUrl;
  }

  String secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "ViewSettings{server=" + serverUrl + ", secret=****}";
  }
}
