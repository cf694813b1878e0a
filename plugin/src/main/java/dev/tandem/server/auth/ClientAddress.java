package dev.tandem.server.auth;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Hands the client's address (the TCP peer) from the JDK's HTTP server to the Jersey filters, which do not see it:
 * every request gets {@value #HEADER}, set here and overwriting whatever the client sent, so it cannot be forged.
 * Behind a proxy or load balancer this is the proxy's address.
 */
public final class ClientAddress extends Filter {
  /** The request header carrying the client's address; a client's own value never survives. */
  public static final String HEADER = "X-Tandem-Client-Address";

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    InetSocketAddress remote = exchange.getRemoteAddress();
    String address = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    exchange.getRequestHeaders().remove(HEADER);
    if (address != null) {
      exchange.getRequestHeaders().set(HEADER, address);
    }
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "Puts the client's address into " + HEADER;
  }
}
