package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.CopyMode;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.model.RunReport;
import dev.tandem.model.RunState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server as an HTTP client: the Ambari Metrics sink and the ResourceManager probe, against local fakes. */
class HttpIntegrationsTest {
  private HttpServer fake;
  private final BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
  private final BlockingQueue<String> paths = new ArrayBlockingQueue<>(10);

  @BeforeEach
  void startFake() throws IOException {
    fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/ws/v1/timeline/metrics", exchange -> {
      paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type"));
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    fake.createContext("/ws/v1/cluster/metrics", exchange -> {
      byte[] body = ("{\"clusterMetrics\":{\"activeNodes\":12,\"totalVirtualCores\":384,\"totalMB\":1572864,"
          + "\"appsRunning\":3}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    fake.start();
  }

  @AfterEach
  void stopFake() {
    fake.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + fake.getAddress().getPort();
  }

  @Test
  void metricsSinkPostsTimelineMetricsWithThePromisedNames() throws Exception {
    Metrics metrics = new Metrics();
    Instant at = Instant.parse("2026-11-24T15:00:00Z");
    RunReport report = new RunReport(CopyMode.FULL, CopyMethod.DISTCP, 18, 69864, 0, 0, Duration.ofMillis(42), null,
        List.of());
    metrics.recordFinished(new Run("r-20261124T150000000Z", GroupName.of("billing"), CutId.at(at),
        RunState.SUCCEEDED, at, at.plusSeconds(3), List.of(), report, null));
    metrics.lagSource(() -> Map.of("billing", 3600L));
    Clock clock = Clock.fixed(at.plusSeconds(60), ZoneOffset.UTC);
    AmbariMetricsSink sink = new AmbariMetricsSink(url(), metrics, "gw1.example", clock);
    sink.push();

    assertThat(paths.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /ws/v1/timeline/metrics application/json");
    JsonNode body = Http.JSON.readTree(received.poll(10, TimeUnit.SECONDS));
    JsonNode list = body.path("metrics");
    assertThat(list.findValuesAsText("metricname")).containsExactly("tandem.runs.succeeded", "tandem.runs.failed",
        "tandem.bytes.copied", "tandem.files.copied", "tandem.consistency.window.ms", "tandem.group.lag.seconds");
    long ts = clock.millis();
    for (JsonNode m : list) {
      assertThat(m.path("appid").asText()).isEqualTo("tandem_server");
      assertThat(m.path("hostname").asText()).isEqualTo("gw1.example");
      assertThat(m.path("starttime").asLong()).isEqualTo(ts);
      assertThat(m.path("metrics").has(Long.toString(ts))).isTrue();
    }
    assertThat(list.get(0).path("metrics").path(Long.toString(ts)).asDouble()).isEqualTo(1.0);
    assertThat(list.get(2).path("metrics").path(Long.toString(ts)).asDouble()).isEqualTo(69864.0);
    assertThat(list.get(4).path("instanceid").asText()).isEqualTo("billing");
    assertThat(list.get(4).path("metrics").path(Long.toString(ts)).asDouble()).isEqualTo(42.0);
    assertThat(list.get(5).path("metrics").path(Long.toString(ts)).asDouble()).isEqualTo(3600.0);
    sink.close();
  }

  @Test
  void resourceManagerProbeReadsVcoresMemoryAndNodes() throws Exception {
    YarnClusterMetrics.Totals t = new YarnClusterMetrics(url() + "/", Duration.ofSeconds(5)).read();
    assertThat(t).isEqualTo(new YarnClusterMetrics.Totals(12, 384, 1572864));
    fake.removeContext("/ws/v1/cluster/metrics");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YarnClusterMetrics(url(), Duration.ofSeconds(5))
        .read()).isInstanceOf(IOException.class).hasMessageContaining("404");
  }
}
