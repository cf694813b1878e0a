package dev.tandem.server.auth;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Hands the client's address (the TCP peer) from the JDK's HTTP server to the Jersey filters, which do not see it.
 * Jersey handles a request on the server thread that accepted it (no resource is asynchronous), so the address is
 * kept for that thread while the request is handled; the JDK's request headers cannot be changed, and a header
 * would be one more thing a client could try to forge. Behind a proxy or load balancer this is the proxy's address.
 */
public final class ClientAddress extends Filter {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  /** The address of the client whose request this thread handles; null outside a request. */
  public static String current() {
    return CURRENT.get();
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    InetSocketAddress remote = exchange.getRemoteAddress();
    CURRENT.set(remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress());
    try {
      chain.doFilter(exchange);
    } finally {
      CURRENT.remove();
    }
  }

  @Override
  public String description() {
    return "Keeps the client's address for the thread handling its request";
  }
}
