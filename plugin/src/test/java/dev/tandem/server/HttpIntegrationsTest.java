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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server as an HTTP client: the Ambari Metrics sink and the ResourceManager probe, against local fakes. */
class HttpIntegrationsTest {
  private HttpServer fake;
  private final BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
  private final BlockingQueue<String> paths = new ArrayBlockingQueue<>(10);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:01:00Z"), ZoneOffset.UTC);
  /** The management pack's metric declarations (the module sits beside this one). */
  private static final Path METRICS_JSON = Path.of("..", "stack-definitions", "src", "main", "resources",
      "common-services", "TANDEM", "0.1.0", "metrics.json");

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
    AmbariMetricsSink sink = new AmbariMetricsSink(url(), sampleMetrics(), "gw1.example", CLOCK);
    sink.push();

    assertThat(paths.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /ws/v1/timeline/metrics application/json");
    JsonNode list = Http.JSON.readTree(received.poll(10, TimeUnit.SECONDS)).path("metrics");
    assertThat(list.findValuesAsText("metricname")).containsExactly("tandem.runs.succeeded", "tandem.runs.failed",
        "tandem.bytes.copied", "tandem.files.copied", "tandem.scrub.files.compared", "tandem.scrub.differences",
        "tandem.consistency.window.ms", "tandem.group.lag.seconds", "tandem.group.lag.seconds.billing", "tandem.group.lag.seconds.orders-eu",
        "tandem.snapshot.space.primary.bytes", "tandem.snapshot.space.primary.bytes.billing",
        "tandem.snapshot.space.primary.bytes.orders-eu", "tandem.snapshot.space.secondary.bytes",
        "tandem.snapshot.space.secondary.bytes.billing", "tandem.snapshot.space.secondary.bytes.orders-eu");
    long ts = CLOCK.millis();
    for (JsonNode m : list) {
      assertThat(m.path("appid").asText()).isEqualTo("tandem_server");
      assertThat(m.path("hostname").asText()).isEqualTo("gw1.example");
      assertThat(m.has("instanceid")).as("metrics.json maps names, not instance ids").isFalse();
      assertThat(m.path("starttime").asLong()).isEqualTo(ts);
      assertThat(m.path("metrics").has(Long.toString(ts))).isTrue();
    }
    assertThat(valueOf(list, "tandem.runs.succeeded", ts)).isEqualTo(1.0);
    assertThat(valueOf(list, "tandem.bytes.copied", ts)).isEqualTo(69864.0);
    assertThat(valueOf(list, "tandem.consistency.window.ms", ts)).isEqualTo(42.0);
    assertThat(valueOf(list, "tandem.group.lag.seconds", ts)).as("the largest lag").isEqualTo(7200.0);
    assertThat(valueOf(list, "tandem.group.lag.seconds.billing", ts)).isEqualTo(3600.0);
    assertThat(valueOf(list, "tandem.snapshot.space.secondary.bytes.billing", ts)).isEqualTo(3072.0);
    assertThat(valueOf(list, "tandem.snapshot.space.secondary.bytes", ts)).as("all groups").isEqualTo(4096.0);
    assertThat(valueOf(list, "tandem.snapshot.space.primary.bytes.orders-eu", ts)).isEqualTo(0.0);
    sink.close();
  }

  /**
   * Issue 7: what the sink posts and what the management pack's metrics.json declares (and its widgets graph) are
   * the same names: every posted name is declared, and every declared name (the per-group regex included) is
   * posted.
   */
  @Test
  void metricsSinkPostsExactlyTheNamesTheManagementPackDeclares() throws Exception {
    JsonNode declaredJson = Http.JSON.readTree(METRICS_JSON.toFile());
    Set<String> declared = new TreeSet<>();
    for (String category : List.of("Component", "HostComponent")) {
      for (JsonNode block : declaredJson.path("TANDEM_SERVER").path(category)) {
        block.path("metrics").path("default").forEach(spec -> declared.add(spec.path("metric").asText()));
      }
    }
    assertThat(declared).contains("tandem.group.lag.seconds");

    AmbariMetricsSink sink = new AmbariMetricsSink(url(), sampleMetrics(), "gw1.example", CLOCK);
    List<String> posted = Http.JSON.readTree(sink.payload()).path("metrics").findValuesAsText("metricname");
    sink.close();
    Map<String, Pattern> patterns = new TreeMap<>();
    declared.forEach(d -> patterns.put(d, Pattern.compile(d.contains("(") ? d : Pattern.quote(d))));
    for (String name : posted) {
      assertThat(patterns.values().stream().filter(p -> p.matcher(name).matches()).count())
          .as("%s matches exactly one metric of %s", name, METRICS_JSON).isEqualTo(1);
    }
    patterns.forEach((d, p) -> assertThat(posted.stream().anyMatch(n -> p.matcher(n).matches()))
        .as("metrics.json declares %s; the sink posts %s", d, posted).isTrue());
  }

  /** One finished run of billing (42 ms window, 69864 bytes); enabled groups billing and orders-eu lag. */
  private static Metrics sampleMetrics() {
    Metrics metrics = new Metrics();
    Instant at = Instant.parse("2026-11-24T15:00:00Z");
    RunReport report = new RunReport(CopyMode.FULL, CopyMethod.DISTCP, 18, 69864, 0, 0, Duration.ofMillis(42), null,
        List.of());
    metrics.recordFinished(new Run("r-20261124T150000000Z", GroupName.of("billing"), CutId.at(at),
        RunState.SUCCEEDED, at, at.plusSeconds(3), List.of(), report, null, "scheduler"));
    metrics.lagSource(() -> Map.of("billing", 3600L, "orders-eu", 7200L));
    metrics.spaceSource(() -> Map.of("billing", new long[] {1024, 3072}, "orders-eu", new long[] {0, 1024}));
    return metrics;
  }

  private static double valueOf(JsonNode list, String name, long ts) {
    for (JsonNode m : list) {
      if (m.path("metricname").asText().equals(name)) {
        return m.path("metrics").path(Long.toString(ts)).asDouble();
      }
    }
    throw new AssertionError("no metric " + name + " in " + list);
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
