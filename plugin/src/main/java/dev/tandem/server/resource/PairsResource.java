package dev.tandem.server.resource;

import dev.tandem.server.SiteHandler;
import dev.tandem.server.api.PairConnectivityDto;
import dev.tandem.server.api.PairDto;
import dev.tandem.server.api.PairRequest;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

@Path("/api/v1/pairs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PairsResource {
  private final SiteHandler handler;

  public PairsResource(SiteHandler handler) {
    this.handler = handler;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "List cluster pairs", response = PairDto.class, list = true)
  public List<PairDto> list() {
    return handler.pairs();
  }

  @POST
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Pair two known sites (written to both sites' registries)", status = 201,
      response = PairDto.class, errors = {400, 409, 422, 503})
  public Response create(PairRequest request, @Context SecurityContext caller, @Context UriInfo uri) {
    PairDto pair = handler.createPair(request, Callers.name(caller));
    return Response.created(uri.getAbsolutePathBuilder().path(pair.id()).build()).entity(pair).build();
  }

  @GET
  @Path("{pair}")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "One pair with the groups it protects", response = PairDto.class, errors = 404)
  public PairDto get(@PathParam("pair") String pair) {
    return handler.pair(pair);
  }

  @DELETE
  @Path("{pair}")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Unpair (refused while groups use the pair)", status = 204, errors = {404, 409, 503})
  public Response delete(@PathParam("pair") String pair, @Context SecurityContext caller) {
    handler.deletePair(pair, Callers.name(caller));
    return Response.noContent().build();
  }

  @GET
  @Path("{pair}/connectivity")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Probe both sites of the pair now", response = PairConnectivityDto.class, errors = 404)
  public PairConnectivityDto connectivity(@PathParam("pair") String pair) {
    return handler.pairConnectivity(pair);
  }
}
