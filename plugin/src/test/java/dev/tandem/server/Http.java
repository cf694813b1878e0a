package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real HTTP client for tests: JSON bodies, explicit headers, answers as {@link Reply}. */
final class Http {
  static final ObjectMapper JSON = TandemServer.apiMapper();

  private final URI base;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> headers = new LinkedHashMap<>();

  Http(URI base) {
    this.base = base;
  }

  /** A copy that sends {@code name: value} with every request. */
  Http with(String name, String value) {
    Http h = new Http(base);
    h.headers.putAll(headers);
    h.headers.put(name, value);
    return h;
  }

  Http basic(String user, String password) {
    return with("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8)));
  }

  /** The CLI's and the View's CSRF header. */
  Http csrf() {
    return with("X-Requested-By", "test");
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON (" + status + "): " + body, e);
      }
    }

    <T> T as(Class<T> type) {
      try {
        return JSON.readValue(body, type);
      } catch (IOException e) {
        throw new AssertionError("Not a " + type.getSimpleName() + " (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** An answer read off a raw socket: the status line's code, the header block and the body. */
  record RawReply(int status, String head, String body) {}

  /**
   * Sends {@code head} (request line and headers, each ending in CRLF, without the blank line) and {@code body}
   * over a plain socket, for what the JDK's client will not send (a foreign {@code Host}, a length without a body,
   * chunks); reads until the server closes.
   */
  static RawReply raw(URI base, String head, byte[] body) {
    return raw(base, head, body, null);
  }

  /** {@link #raw(URI, String, byte[])} over TLS with {@code tls} when {@code base} is https. */
  static RawReply raw(URI base, String head, byte[] body, javax.net.ssl.SSLContext tls) {
    try (java.net.Socket s = "https".equals(base.getScheme())
        ? tls.getSocketFactory().createSocket(base.getHost(), base.getPort())
        : new java.net.Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(30_000);
      var out = s.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      if (!(s instanceof javax.net.ssl.SSLSocket)) {
        s.shutdownOutput();  // the server's drain of an unsent declared body ends at once
      }
      String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String headers = end < 0 ? text : text.substring(0, end);
      String rest = end < 0 ? "" : text.substring(end + 4);
      if (headers.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        rest = dechunk(rest);
      }
      return new RawReply(Integer.parseInt(headers.split(" ", 3)[1]), headers, rest);
    } catch (IOException e) {
      throw new AssertionError("raw request to " + base + ": " + e, e);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }

  Reply get(String path) {
    return send("GET", path, null, "application/json");
  }

  Reply post(String path, Object body) {
    return send("POST", path, body, "application/json");
  }

  Reply put(String path, Object body) {
    return send("PUT", path, body, "application/json");
  }

  Reply delete(String path) {
    return send("DELETE", path, null, "application/json");
  }

  /** {@code body}: null, a String sent as is, or an object sent as JSON. */
  Reply send(String method, String path, Object body, String contentType) {
    try {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
      headers.forEach(r::header);
      if (body == null) {
        r.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        r.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
      }
      HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
