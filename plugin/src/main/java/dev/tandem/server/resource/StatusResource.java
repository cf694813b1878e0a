package dev.tandem.server.resource;

import dev.tandem.server.StatusHandler;
import dev.tandem.server.api.HealthDto;
import dev.tandem.server.api.StatusDto;
import dev.tandem.server.api.WhoAmIDto;
import dev.tandem.server.auth.Caller;
import dev.tandem.server.auth.Public;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Supplier;

/** Monitoring and self-description. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
  private final StatusHandler status;
  private final String site;
  private final Supplier<String> openApi;

  public StatusResource(StatusHandler status, String site, Supplier<String> openApi) {
    this.status = status;
    this.site = site;
    this.openApi = openApi;
  }

  @GET
  @Path("status")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Everything monitoring needs: role, peer, arbiter, per group last good cut, lag and last run",
      response = StatusDto.class)
  public StatusDto status() {
    return status.status();
  }

  @GET
  @Path("health")
  @Public
  @ApiDoc(summary = "Liveness; needs no credentials", response = HealthDto.class)
  public HealthDto health() {
    return new HealthDto("UP", site);
  }

  @GET
  @Path("whoami")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "The caller as the server sees it", response = WhoAmIDto.class)
  public WhoAmIDto whoami(@Context SecurityContext context) {
    Caller c = (Caller) context.getUserPrincipal();
    return new WhoAmIDto(c.user(), c.role().label(), c.via());
  }

  @GET
  @Path("openapi.json")
  @Public
  @ApiDoc(summary = "This API's OpenAPI 3 description")
  public String openApi() {
    return openApi.get();
  }
}
