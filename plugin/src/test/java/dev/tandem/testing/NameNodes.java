package dev.tandem.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.sandbox.SandboxSite;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A NameNode's running configuration as its web server's {@code /conf} shows it to an operator, read without any of
 * Tandem's code: what assertions about Tandem's own view of a site compare with.
 */
public final class NameNodes {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private NameNodes() {}

  /** The value of {@code key} in the configuration the site's NameNode runs with. */
  public static String conf(SandboxSite site, String key) throws IOException, InterruptedException {
    URI uri = URI.create(site.nameNodeWebUi() + "/conf?name=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() != 200) {
      throw new AssertionError("GET " + uri + ": " + reply.statusCode() + " " + reply.body());
    }
    JsonNode property = new ObjectMapper().readTree(reply.body()).path("property");
    if (!property.path("key").asText().equals(key)) {
      throw new AssertionError("GET " + uri + ": no " + key + " in " + reply.body());
    }
    return property.path("value").asText();
  }

  /**
   * What Tandem must report for the site's snapshots of files open for write ({@code FROZEN} or {@code LIVE}),
   * from the NameNode's {@code dfs.namenode.snapshot.capture.openfiles}.
   */
  public static String openFileCapture(SandboxSite site) throws IOException, InterruptedException {
    return Boolean.parseBoolean(conf(site, "dfs.namenode.snapshot.capture.openfiles")) ? "FROZEN" : "LIVE";
  }
}
