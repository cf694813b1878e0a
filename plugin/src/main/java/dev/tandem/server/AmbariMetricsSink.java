package dev.tandem.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@link Metrics#timelineSamples()} to the Ambari Metrics collector: {@code POST
 * <collector>/ws/v1/timeline/metrics} with the timeline JSON Ambari's own sinks send, appid {@value #APP_ID}
 * (lower case: AMS lower-cases on query). The names are exactly those of the management pack's metrics.json
 * (per-group lag as {@code tandem.group.lag.seconds.<group>}, no instance ids). A collector that is down costs a
 * warning, nothing else.
 */
final class AmbariMetricsSink implements Closeable {
  static final String APP_ID = "tandem_server";
  private static final Logger LOG = LoggerFactory.getLogger(AmbariMetricsSink.class);

  private final URI endpoint;
  private final Metrics metrics;
  private final String hostname;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      SiteHealthMonitor.daemon("tandem-ams"));
  private volatile boolean failing;

  AmbariMetricsSink(String collectorUrl, Metrics metrics, String hostname, Clock clock) {
    String base = collectorUrl.endsWith("/") ? collectorUrl.substring(0, collectorUrl.length() - 1) : collectorUrl;
    this.endpoint = URI.create(base + "/ws/v1/timeline/metrics");
    this.metrics = metrics;
    this.hostname = hostname;
    this.clock = clock;
  }

  void start(Duration every) {
    timer.scheduleWithFixedDelay(this::pushQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The request body for the current values. */
  String payload() {
    long now = clock.millis();
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("metrics");
    for (Metrics.Sample s : metrics.timelineSamples()) {
      ObjectNode m = list.addObject();
      m.put("metricname", s.name());
      m.put("appid", APP_ID);
      m.put("hostname", hostname);
      m.put("starttime", now);
      m.put("timestamp", now);
      m.put("type", s.counter() ? "COUNTER" : "GAUGE");
      m.putObject("metrics").put(Long.toString(now), s.value());
      m.putObject("metadata");
    }
    return root.toString();
  }

  /** Sends once; throws when the collector does not accept. */
  void push() throws IOException {
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload())).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException("collector " + endpoint + " answered " + response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void pushQuietly() {
    try {
      push();
      if (failing) {
        LOG.info("Metrics reach the Ambari Metrics collector again");
      }
      failing = false;
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        LOG.warn("Cannot push metrics to {}: {}", endpoint, e.getMessage());
      }
      failing = true;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
