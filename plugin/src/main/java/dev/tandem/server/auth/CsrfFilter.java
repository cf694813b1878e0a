package dev.tandem.server.auth;

import dev.tandem.server.error.ForbiddenException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state changes a browser could be tricked into sending from another site. A state-changing request
 * (POST, PUT, PATCH, DELETE) must carry {@value #HEADER} (any value, as Ambari's own API demands): a page on
 * another origin cannot add a custom header without a CORS preflight, which this server never grants. A request
 * whose {@code Origin} names another origin, or that the browser marks {@code Sec-Fetch-Site: cross-site}, is
 * refused even with the header. The CLI and the Ambari View's proxy always send it. Tandem's own HTML forms,
 * submitted without JavaScript, may carry a {@link FormTokens} token instead of the header.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public final class CsrfFilter implements ContainerRequestFilter {
  public static final String HEADER = "X-Requested-By";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final FormTokens forms;

  /** Accepts state changes with the header only. */
  public CsrfFilter() {
    this(null);
  }

  /** Also accepts HTML form posts that carry a valid token of {@code forms}. */
  public CsrfFilter(FormTokens forms) {
    this.forms = forms;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (SAFE.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
      return;
    }
    String fetchSite = request.getHeaderString("Sec-Fetch-Site");
    if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
      throw new ForbiddenException("Cross-site request refused (Sec-Fetch-Site: cross-site)");
    }
    String origin = request.getHeaderString("Origin");
    if (origin != null && !origin.equals("null") && !sameOrigin(origin, request)) {
      throw new ForbiddenException("Cross-origin request from " + Authenticator.printable(origin) + " refused");
    }
    if (origin != null && origin.equals("null")) {
      throw new ForbiddenException("Request from an opaque origin refused");
    }
    String by = request.getHeaderString(HEADER);
    if ((by == null || by.isBlank()) && (forms == null || !forms.accepts(request))) {
      throw new ForbiddenException("State-changing requests must carry the header " + HEADER
          + " (protection against cross-site request forgery)");
    }
  }

  private static boolean sameOrigin(String origin, ContainerRequestContext request) {
    try {
      URI o = URI.create(origin);
      String host = request.getHeaderString("Host");
      if (o.getHost() == null || host == null) {
        return false;
      }
      String originHost = o.getHost() + (o.getPort() == -1 ? "" : ":" + o.getPort());
      return originHost.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
