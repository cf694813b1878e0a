package dev.tandem.server.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Stands in for Ambari and the Tandem View's proxy resource: serves {@link #PREFIX}{@code ui/...} and
 * {@code api/v1/...} by forwarding to the Tandem server the way {@code dev.tandem.view.TandemProxy} does. Only
 * Accept, Accept-Language and Content-Type travel on; the proxy adds the View's headers and
 * {@code X-Requested-By}; the answer keeps its status, content type and body only (no Location, no cookies).
 * Like Ambari, it refuses a state change that lacks {@code X-Requested-By} from the browser.
 */
final class ViewProxy implements AutoCloseable {
  static final String PREFIX = "/api/v1/views/TANDEM/versions/0.1.0/instances/sandbox/resources/proxy/";
  private static final Pattern ALLOWED = Pattern.compile("(api/v1|ui)(/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*");
  private static final List<String> FORWARDED = List.of("accept", "accept-language", "content-type");

  private final URI tandem;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ViewProxy(URI tandem) throws IOException {
    this.tandem = tandem;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(PREFIX, this::forward);
    server.setExecutor(threads);
    server.start();
  }

  /** Where the View's pages start, e.g. {@code http://127.0.0.1:4711/api/v1/views/.../proxy/ui/}. */
  String ui() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX + "ui/";
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      if (!ALLOWED.matcher(path).matches() || path.contains("..")) {
        answer(exchange, 404, "application/json", "{\"message\":\"Not a Tandem path\"}".getBytes());
        return;
      }
      if (!method.equals("GET") && exchange.getRequestHeaders().getFirst("X-Requested-By") == null) {
        answer(exchange, 400, "application/json",
            "{\"message\":\"CSRF protection is turned on. X-Requested-By HTTP header is required.\"}".getBytes());
        return;
      }
      String query = exchange.getRequestURI().getRawQuery();
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(tandem + "/" + path + (query == null ? "" : "?" + query)))
          .timeout(Duration.ofSeconds(60));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> r.header(name, v));
        }
      });
      r.header("X-Tandem-User", "ambari-admin").header("X-Tandem-View-Secret", "sandbox")
          .header("X-Requested-By", "tandem-view");
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      r.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<byte[]> response = client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
