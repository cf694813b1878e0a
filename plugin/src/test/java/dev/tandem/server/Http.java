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
