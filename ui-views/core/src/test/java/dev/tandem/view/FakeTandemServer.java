package dev.tandem.view;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in Tandem server on loopback that records what the view sent and answers with a canned body. */
public final class FakeTandemServer implements AutoCloseable {
  /** One request as the server saw it. */
  public static final class Seen {
    public final String method;
    public final String uri;
    public final Map<String, List<String>> headers;
    public final String body;

    Seen(String method, String uri, Map<String, List<String>> headers, String body) {
      this.method = method;
      this.uri = uri;
      this.headers = headers;
      this.body = body;
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<Seen>();

  public FakeTandemServer(final int status, final String contentType, final String body) throws IOException {
    this(status, contentType, body, null);
  }

  /** Over HTTPS with {@code tls}'s key when it is not null. */
  public FakeTandemServer(final int status, final String contentType, final String body, SSLContext tls)
      throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/", exchange -> {
      InputStream in = exchange.getRequestBody();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] b = new byte[4096];
      for (int n; (n = in.read(b)) > 0; ) {
        buf.write(b, 0, n);
      }
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          exchange.getRequestHeaders(), new String(buf.toByteArray(), StandardCharsets.UTF_8)));
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", contentType);
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    });
    server.start();
  }

  public String url() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public List<Seen> seen() {
    return seen;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
