package dev.tandem.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.model.TandemException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JSON REST server on a loopback port, for the fakes of the services Tandem talks to (Ambari, Ranger):
 * routes with {@code {name}} path parameters, HTTP basic authentication against a fixed account list, an
 * optional header every write must carry, a log of the requests it served, and canned answers that tests
 * queue to inject failures ({@link #failNext}).
 */
public final class LocalHttpServer implements Closeable {
  private enum State { LATENT, STARTED, CLOSED }

  static {
    // The JDK's server writes a response's headers and body separately; with Nagle's algorithm on, the body
    // then waits for the client's delayed ACK of the headers: ~40 ms per call instead of ~1 ms. The property
    // is read once, when the first server of the JVM starts; an explicit setting wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** One request as the handler sees it; header names are lower case. */
  public record Request(String method, String path, String rawQuery, Map<String, String> query,
      Map<String, String> params, Map<String, String> headers, String body, String user) {
    public String param(String name) {
      return params.get(name);
    }

    /** The body as JSON; a body that is not JSON answers 400, as the real services do. */
    public JsonNode json() {
      try {
        return JsonHttp.mapper().readTree(body == null || body.isBlank() ? "null" : body);
      } catch (JsonProcessingException e) {
        throw new Answer(Response.error(400, "Invalid JSON body: " + e.getOriginalMessage()));
      }
    }
  }

  public record Response(int status, String body) {
    public static Response json(int status, Object value) {
      try {
        return new Response(status, value instanceof String s ? s
            : JsonHttp.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    public static Response ok(Object value) {
      return json(200, value);
    }

    public static Response error(int status, String message) {
      return json(status, Map.of("status", status, "message", message));
    }
  }

  /** Thrown by a handler to answer at once, e.g. {@code throw new Answer(Response.error(404, ...))}. */
  public static final class Answer extends RuntimeException {
    private final transient Response response;

    public Answer(Response response) {
      super(response.body(), null, false, false);
      this.response = response;
    }

    public Response response() {
      return response;
    }
  }

  @FunctionalInterface
  public interface Handler {
    Response handle(Request request);
  }

  private record Route(String method, String[] pattern, Handler handler) {}

  private record Canned(String method, String path, Response response) {}

  private final String name;
  private final Map<String, String> accounts;
  private final String writeHeader;
  private final String writeHeaderMessage;
  private final List<Route> routes;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final Deque<Canned> canned = new ArrayDeque<>();
  private final List<Request> log = new ArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  private LocalHttpServer(Builder b) {
    this.name = b.name;
    this.accounts = Map.copyOf(b.accounts);
    this.writeHeader = b.writeHeader;
    this.writeHeaderMessage = b.writeHeaderMessage;
    this.routes = List.copyOf(b.routes);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Binds 127.0.0.1 on a free port and serves until {@link #close()}. */
  public LocalHttpServer start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      state.set(State.CLOSED);
      throw new TandemException("Cannot start " + name + " on a loopback port: " + e.getMessage(), e);
    }
    executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    return this;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    if (state.get() != State.STARTED) {
      throw new IllegalStateException(name + " is not running");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The next {@code times} requests of {@code method} on {@code path} (exact, without query) get {@code status}
   * and {@code body} instead of the real answer, after authentication; a non-GET so answered changes nothing.
   */
  public synchronized void failNext(String method, String path, int status, String body, int times) {
    for (int i = 0; i < times; i++) {
      canned.add(new Canned(method, path, new Response(status, body)));
    }
  }

  public synchronized void clearFailures() {
    canned.clear();
  }

  /** The requests served so far, oldest first. */
  public synchronized List<Request> requests() {
    return List.copyOf(log);
  }

  public synchronized void clearRequests() {
    log.clear();
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.STARTED) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    Response response;
    try {
      response = dispatch(ex);
    } catch (Answer a) {
      response = a.response();
    } catch (RuntimeException e) {
      response = Response.error(500, name + " failed: " + e);
    }
    byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (response.status() == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + name + "\"");
    }
    ex.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Response dispatch(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getRawPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String user = authenticate(headers.get("authorization"));
    if (user == null) {
      return Response.error(401, "Authentication required");
    }
    if (writeHeader != null && !"GET".equals(method) && !headers.containsKey(writeHeader.toLowerCase(Locale.ROOT))) {
      return Response.error(400, writeHeaderMessage);
    }
    Canned c = takeCanned(method, path);
    Map<String, String> query = parseQuery(rawQuery);
    Request noParams = new Request(method, path, rawQuery == null ? "" : decode(rawQuery), query, Map.of(), headers,
        body, user);
    if (c != null) {
      record(noParams);
      return c.response();
    }
    String[] segments = segments(path);
    boolean pathKnown = false;
    for (Route r : routes) {
      Map<String, String> params = match(r.pattern(), segments);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (r.method().equals(method)) {
        Request req = new Request(method, path, noParams.rawQuery(), query, params, headers, body, user);
        record(req);
        return r.handler().handle(req);
      }
    }
    return pathKnown ? Response.error(405, method + " is not supported on " + path)
        : Response.error(404, "No resource at " + path);
  }

  private synchronized void record(Request r) {
    log.add(r);
  }

  private synchronized Canned takeCanned(String method, String path) {
    for (var it = canned.iterator(); it.hasNext(); ) {
      Canned c = it.next();
      if (c.method().equals(method) && c.path().equals(path)) {
        it.remove();
        return c;
      }
    }
    return null;
  }

  private String authenticate(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String u = decoded.substring(0, colon);
    return decoded.substring(colon + 1).equals(accounts.get(u)) ? u : null;
  }

  private static String[] segments(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String[] raw = p.isEmpty() ? new String[0] : p.split("/", -1);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = decode(raw[i]);
    }
    return raw;
  }

  private static Map<String, String> match(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        params.put(p.substring(1, p.length() - 1), segments[i]);
      } else if (!p.equals(segments[i])) {
        return null;
      }
    }
    return params;
  }

  /** {@code a=b&c=d}; a key without '=' (an Ambari predicate such as {@code Alert/state.in(A,B)}) maps to "". */
  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        out.put(decode(part), "");
      } else {
        out.put(decode(part.substring(0, eq)), decode(part.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public static final class Builder {
    private final String name;
    private final Map<String, String> accounts = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private String writeHeader;
    private String writeHeaderMessage;

    private Builder(String name) {
      this.name = name;
    }

    public Builder account(String user, String password) {
      accounts.put(user, password);
      return this;
    }

    /** Writes (any method but GET) without {@code header} answer 400 with {@code message}. */
    public Builder requireOnWrites(String header, String message) {
      this.writeHeader = header;
      this.writeHeaderMessage = message;
      return this;
    }

    public Builder route(String method, String pattern, Handler handler) {
      routes.add(new Route(method, segments(pattern), handler));
      return this;
    }

    public LocalHttpServer build() {
      return new LocalHttpServer(this);
    }
  }
}
