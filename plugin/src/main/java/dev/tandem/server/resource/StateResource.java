package dev.tandem.server.resource;

import dev.tandem.server.StateHandler;
import dev.tandem.server.api.StateDocument;
import dev.tandem.server.api.StateImportDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Tandem's own state of this site (sites, pairs, groups, arbitration settings) as one JSON document. */
@Path("/api/v1/state")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class StateResource {
  private final StateHandler state;

  public StateResource(StateHandler state) {
    this.state = state;
  }

  @GET
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Export sites, pairs, protection groups and arbitration settings (versioned, no secrets)",
      response = StateDocument.class, errors = 503)
  public StateDocument export(@Context SecurityContext caller) {
    return state.export(Callers.name(caller));
  }

  @POST
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Import a state document into this site's registry: all validated first, then what is "
      + "missing is written; equal records are left as they are", response = StateImportDto.class,
      errors = {400, 409, 422, 503})
  public StateImportDto importState(StateDocument document, @Context SecurityContext caller) {
    return state.importState(document, Callers.name(caller));
  }
}
