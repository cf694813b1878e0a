package dev.tandem.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tandem.model.PeerUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over HTTP with basic authentication, for the REST services Tandem reads and writes. Every call is
 * bounded by the endpoint's timeout. Writes carry {@code writeHeaders} (Ambari refuses writes without
 * {@code X-Requested-By}). Thread-safe.
 */
public final class JsonHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String service;
  private final RestEndpoint endpoint;
  private final Map<String, String> writeHeaders;
  private final HttpClient client;
  private final String authorization;

  /**
   * @param service what the endpoint is, for messages ("Ambari", "Ranger")
   */
  public JsonHttp(String service, RestEndpoint endpoint, Map<String, String> writeHeaders) {
    this.service = service;
    this.endpoint = endpoint;
    this.writeHeaders = Map.copyOf(writeHeaders);
    this.client = HttpClient.newBuilder().connectTimeout(endpoint.timeout()).build();
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (endpoint.user() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public RestEndpoint endpoint() {
    return endpoint;
  }

  /** GET that must answer 200 with JSON. */
  public JsonDoc get(String pathAndQuery) {
    return call("GET", pathAndQuery, null, false).orElseThrow();
  }

  /** GET of a resource that may not exist: 404 is empty. */
  public Optional<JsonDoc> find(String pathAndQuery) {
    return call("GET", pathAndQuery, null, true);
  }

  /** POST, PUT or DELETE; a 2xx answer's JSON body (or JSON null when it has none). */
  public JsonDoc send(String method, String pathAndQuery, Object body) {
    return call(method, pathAndQuery, body, false).orElseThrow();
  }

  private Optional<JsonDoc> call(String method, String pathAndQuery, Object body, boolean absentOk) {
    String where = service + " at " + method + " " + endpoint.baseUri() + pathAndQuery;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.baseUri() + pathAndQuery))
        .timeout(endpoint.timeout())
        .header("Authorization", authorization)
        .header("Accept", "application/json");
    if (!"GET".equals(method)) {
      writeHeaders.forEach(b::header);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      try {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Cannot encode the body of " + where, e);
      }
    }
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PeerUnavailableException("Cannot reach " + where + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnavailableException("Interrupted while calling " + where, e);
    }
    int status = response.statusCode();
    if (status == 404 && absentOk) {
      return Optional.empty();
    }
    if (status < 200 || status > 299) {
      throw new RemoteServiceException(where + " answered " + status + ": " + excerpt(response.body()), status);
    }
    String text = response.body();
    if (text == null || text.isBlank()) {
      if ("GET".equals(method)) {
        throw new RemoteServiceException("Malformed answer from " + where + ": empty body", 0);
      }
      return Optional.of(new JsonDoc(where, NullNode.getInstance()));
    }
    try {
      return Optional.of(new JsonDoc(where, MAPPER.readTree(text)));
    } catch (JsonProcessingException e) {
      throw new RemoteServiceException("Malformed answer from " + where + ": not JSON (" + e.getOriginalMessage()
          + "): " + excerpt(text), e);
    }
  }

  static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String s = body.replaceAll("\\s+", " ").trim();
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
