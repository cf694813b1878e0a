package dev.tandem.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Forwards a request from Ambari's web UI to the Tandem server as the logged-in Ambari user. Only Tandem's
 * API ({@code api/v1/...}) and pages ({@code ui/...}) are reachable: the view is not an open proxy. Ambari's
 * own credentials (Authorization, cookies) never travel on; the view's secret and the user's name do.
 */
public final class TandemProxy {
  public static final String USER_HEADER = "X-Tandem-User";
  public static final String SECRET_HEADER = "X-Tandem-View-Secret";

  private static final Pattern ALLOWED = Pattern.compile("(api/v1|ui)(/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*");
  private static final Set<String> FORWARDED = new HashSet<String>(Arrays.asList(
      "accept", "accept-language", "content-type", "if-none-match"));
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int READ_TIMEOUT_MS = 60_000;

  private final ViewSettings settings;

  public TandemProxy(ViewSettings settings) {
    this.settings = settings;
  }

  /**
   * @param path below the resource, without a leading slash, e.g. {@code api/v1/groups}
   * @param query the raw query string, or null
   * @param user the Ambari user the request is made for
   */
  public ProxyResponse forward(String method, String path, String query, Map<String, List<String>> headers,
      byte[] body, String user) {
    if (!allowed(path)) {
      return error(404, "NotFound", "Not a Tandem API or page path: " + path);
    }
    if (user == null || user.isEmpty()) {
      return error(401, "Unauthenticated", "No Ambari user on this request");
    }
    HttpURLConnection connection = null;
    try {
      URL target = new URL(settings.serverUrl(), path + (query == null || query.isEmpty() ? "" : "?" + query));
      connection = (HttpURLConnection) target.openConnection();
      if (connection instanceof HttpsURLConnection && settings.tls() != null) {
        ((HttpsURLConnection) connection).setSSLSocketFactory(settings.tls());
      }
      connection.setRequestMethod(method);
      connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
      connection.setReadTimeout(READ_TIMEOUT_MS);
      connection.setInstanceFollowRedirects(false);
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if (h.getKey() != null && FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          for (String value : h.getValue()) {
            connection.addRequestProperty(h.getKey(), value);
          }
        }
      }
      connection.setRequestProperty(USER_HEADER, user);
      connection.setRequestProperty(SECRET_HEADER, settings.secret());
      connection.setRequestProperty("X-Requested-By", "tandem-view");
      if (body != null && body.length > 0) {
        connection.setDoOutput(true);
        OutputStream out = connection.getOutputStream();
        try {
          out.write(body);
        } finally {
          out.close();
        }
      }
      int status = connection.getResponseCode();
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      return new ProxyResponse(status, connection.getContentType(), read(in));
    } catch (SSLHandshakeException e) {
      return error(502, "PeerUnavailable", "Tandem server at " + settings.serverUrl() + " presented a certificate "
          + "this view does not accept (" + e.getMessage() + "): give the CA that signed it in the view parameter "
          + ViewSettings.TRUSTSTORE + ", or add it to Ambari Server's truststore");
    } catch (IOException e) {
      return error(502, "PeerUnavailable", "Tandem server at " + settings.serverUrl() + " is not reachable: "
          + e.getMessage());
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  static boolean allowed(String path) {
    if (path == null || path.contains("..") || path.toLowerCase(Locale.ROOT).contains("%2e")
        || path.contains("//") || path.contains("\\")) {
      return false;
    }
    return ALLOWED.matcher(path).matches();
  }

  private static byte[] read(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      in.close();
    }
  }

  public static ProxyResponse error(int status, String type, String message) {
    String json = "{\"code\":" + status + ",\"type\":\"" + type + "\",\"message\":\"" + jsonEscape(message) + "\"}";
    return new ProxyResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '<': b.append("\\u003c"); break;
        case '>': b.append("\\u003e"); break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.toString();
  }
}
