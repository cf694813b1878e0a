package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * vcores, memory and node count of a cluster from its ResourceManager's REST API
 * ({@code GET <rm>/ws/v1/cluster/metrics}).
 */
final class YarnClusterMetrics {
  record Totals(int nodes, int vcores, long memoryMb) {}

  private final URI endpoint;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  YarnClusterMetrics(String resourceManagerUrl, Duration timeout) {
    String base = resourceManagerUrl.endsWith("/") ? resourceManagerUrl.substring(0, resourceManagerUrl.length() - 1)
        : resourceManagerUrl;
    this.endpoint = URI.create(base + "/ws/v1/cluster/metrics");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  Totals read() throws IOException {
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
        .header("Accept", "application/json").GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("ResourceManager " + endpoint + " answered " + response.statusCode());
      }
      JsonNode m = json.readTree(response.body()).path("clusterMetrics");
      if (m.isMissingNode()) {
        throw new IOException("ResourceManager " + endpoint + " sent no clusterMetrics");
      }
      return new Totals(m.path("activeNodes").asInt(), m.path("totalVirtualCores").asInt(), m.path("totalMB").asLong());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while asking " + endpoint, e);
    }
  }
}
