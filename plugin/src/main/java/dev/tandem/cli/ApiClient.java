package dev.tandem.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.registry.RegistryCodec;
import dev.tandem.server.api.ErrorResponse;
import dev.tandem.server.auth.CsrfFilter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The CLI's HTTP client for the REST API: JSON in and out, errors as {@link ApiException}. */
final class ApiClient {
  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final ObjectMapper json = RegistryCodec.create();

  ApiClient(URI base, String user, char[] password, Duration timeout) {
    this(base, user, password, timeout, null);
  }

  /** @param tls whom to trust over HTTPS; null: the JDK's default (javax.net.ssl.trustStore, else cacerts) */
  ApiClient(URI base, String user, char[] password, Duration timeout, SSLContext tls) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.authorization = user == null || user.isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + new String(password == null ? new char[0] : password)).getBytes(StandardCharsets.UTF_8));
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
    if (tls != null) {
      client.sslContext(tls);
    }
    this.http = client.build();
  }

  <T> T get(String path, Class<T> type) {
    return send("GET", path, null, json.getTypeFactory().constructType(type));
  }

  <T> T get(String path, TypeReference<T> type) {
    return send("GET", path, null, json.getTypeFactory().constructType(type));
  }

  <T> T send(String method, String path, Object body, Class<T> type) {
    return send(method, path, body, type == null ? null : json.getTypeFactory().constructType(type));
  }

  /** The raw JSON answer, for {@code --json}. */
  String raw(String method, String path, Object body) {
    HttpResponse<String> response = exchange(method, path, body);
    return response.body();
  }

  private <T> T send(String method, String path, Object body, JavaType type) {
    HttpResponse<String> response = exchange(method, path, body);
    if (type == null || response.statusCode() == 204) {
      return null;
    }
    return parse(response.body(), type, path);
  }

  /** A body {@link #raw} returned, read as {@code type}. */
  <T> T parse(String body, Class<T> type, String path) {
    return parse(body, json.getTypeFactory().constructType(type), path);
  }

  private <T> T parse(String body, JavaType type, String path) {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalStateException("Unexpected answer from " + base + path + ": " + e.getMessage(), e);
    }
  }

  private HttpResponse<String> exchange(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
        .header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (!method.equals("GET")) {
      request.header(CsrfFilter.HEADER, "tandem-cli");
    }
    try {
      if (body != null) {
        request.header("Content-Type", "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw new ApiException(error(response));
      }
      return response;
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ServerUnreachableException("Cannot reach the Tandem server at " + base + " (" + e.getClass()
          .getSimpleName() + "); is it running? Set --server or TANDEM_SERVER", e);
    } catch (SSLHandshakeException e) {
      throw new ServerUnreachableException(untrusted(e), e);
    } catch (SSLException e) {
      throw new ServerUnreachableException("No TLS connection to the Tandem server at " + base + " ("
          + e.getMessage() + "); if the server runs without TLS, use an http:// address", e);
    } catch (IOException e) {
      String hint = "http".equals(this.base.getScheme())
          ? " (if the server has tandem.server.tls.enabled=true, use an https:// address)" : "";
      throw new ServerUnreachableException("Lost the connection to the Tandem server at " + base + ": "
          + e.getMessage() + hint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnreachableException("Interrupted", e);
    }
  }

  private String untrusted(SSLHandshakeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
          || t instanceof java.security.cert.CertPathBuilderException) {
        String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (why.contains("PKIX path")) {
          why = "signed by a CA this client does not trust";
        }
        return "The Tandem server at " + base + " presented a certificate this client does not accept (" + why
            + "): pass the truststore with its CA as --truststore (or TANDEM_TRUSTSTORE), and use the name its "
            + "certificate carries";
      }
    }
    return "TLS handshake with the Tandem server at " + base + " failed: " + e.getMessage();
  }

  private ErrorResponse error(HttpResponse<String> response) {
    try {
      ErrorResponse e = json.readValue(response.body(), ErrorResponse.class);
      if (e.message() != null) {
        return e;
      }
    } catch (IOException | RuntimeException ignored) {
      // not our JSON: a proxy or another server answered
    }
    return new ErrorResponse(response.statusCode(), "http", "HTTP " + response.statusCode() + " from "
        + response.uri(), null, null);
  }

  static String query(Map<String, String> params) {
    Map<String, String> set = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        set.put(k, v);
      }
    });
    if (set.isEmpty()) {
      return "";
    }
    return "?" + set.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
        StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
