package dev.tandem.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * {@code X-Content-Type-Options: nosniff} on every answer, errors and JSON included: a browser must not read a JSON
 * error that echoes a caller's input as HTML or script.
 */
final class NoSniffFilter implements ContainerResponseFilter {
  static final String HEADER = "X-Content-Type-Options";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(HEADER, "nosniff");
  }
}
