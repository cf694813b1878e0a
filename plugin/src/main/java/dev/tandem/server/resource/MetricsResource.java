package dev.tandem.server.resource;

import dev.tandem.server.Metrics;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** Prometheus scrape endpoint (text format 0.0.4). */
@Path("/metrics")
public final class MetricsResource {
  private final Metrics metrics;

  public MetricsResource(Metrics metrics) {
    this.metrics = metrics;
  }

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Metrics in Prometheus text format (names with '.' replaced by '_')")
  public String metrics() {
    return metrics.prometheus();
  }
}
