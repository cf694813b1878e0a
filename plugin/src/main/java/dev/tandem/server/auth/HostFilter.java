package dev.tandem.server.auth;

import dev.tandem.server.error.MisdirectedRequestException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses (421) a request whose {@code Host} header names a host other than this server. A page of
 * {@code evil.example} whose name the attacker re-points at this server's address (DNS rebinding) is same-origin
 * to the browser, so its {@code Origin} matches its {@code Host} and passes {@link CsrfFilter}; only the name in
 * {@code Host} gives it away. Runs first, before authentication, for every path. A request without {@code Host}
 * (HTTP/1.0 tools) is let through: a browser always sends one. The port is not compared (the listener's own).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public final class HostFilter implements ContainerRequestFilter {
  /** Allows any host name: the check is off. */
  public static final String ANY = "*";

  private final Set<String> allowed;
  private final boolean any;

  /** @param allowed host names and addresses (no port), compared without case */
  public HostFilter(Collection<String> allowed) {
    Set<String> names = new TreeSet<>();
    for (String name : allowed) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (!n.isEmpty()) {
        names.add(hostPart(n));
      }
    }
    this.any = names.contains(ANY);
    this.allowed = Collections.unmodifiableSet(names);
  }

  /**
   * This host's own names: {@code localhost}, the loopback addresses, its short and canonical names, every address
   * of its interfaces, the address it listens on, and {@code extra} (e.g. {@code tandem.server.allowed.hosts}).
   */
  public static HostFilter ownNames(String listenHost, Collection<String> extra) {
    Set<String> names = new TreeSet<>(extra);
    names.addAll(Set.of("localhost", "127.0.0.1", "::1"));
    if (listenHost != null && !listenHost.isBlank() && !listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
      names.add(listenHost);
    }
    try {
      InetAddress local = InetAddress.getLocalHost();
      names.add(local.getHostName());
      names.add(local.getCanonicalHostName());
      names.add(local.getHostAddress());
    } catch (UnknownHostException e) {
      // no name for this host: its addresses below and localhost still count
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          String address = a.getHostAddress();
          int zone = address.indexOf('%');
          names.add(zone < 0 ? address : address.substring(0, zone));
        }
      }
    } catch (SocketException e) {
      // interfaces cannot be listed: the names above remain
    }
    return new HostFilter(names);
  }

  /** The names accepted, for the log. */
  public Set<String> allowed() {
    return allowed;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String host = request.getHeaderString("Host");
    if (any || host == null) {
      return;
    }
    if (!allowed.contains(hostPart(host.trim().toLowerCase(Locale.ROOT)))) {
      throw new MisdirectedRequestException("This server does not answer for host " + Authenticator.printable(host)
          + " (Host header); add the name to tandem.server.allowed.hosts if clients use it");
    }
  }

  /** {@code name:port} → {@code name}; {@code [::1]:21400} → {@code ::1}; an IPv6 address stays whole. */
  static String hostPart(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(1, end);
    }
    int colon = host.indexOf(':');
    return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
  }
}
