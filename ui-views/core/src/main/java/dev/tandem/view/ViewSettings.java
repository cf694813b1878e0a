package dev.tandem.view;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;

/**
 * The view instance's parameters (view.xml): where the Tandem server of this site is, and the secret that
 * proves to it that a request comes from this view, which vouches for the Ambari user it names.
 */
public final class ViewSettings {
  public static final String SERVER_URL = "tandem.server.url";
  public static final String SECRET = "tandem.view.secret";

  private final URL serverUrl;
  private final String secret;

  private ViewSettings(URL serverUrl, String secret) {
    this.serverUrl = serverUrl;
    this.secret = secret;
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
    return new ViewSettings(parsed, secret);
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
