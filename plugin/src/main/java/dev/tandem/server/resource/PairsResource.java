package dev.tandem.server.resource;

import dev.tandem.server.DrHandler;
import dev.tandem.server.SiteHandler;
import dev.tandem.server.api.ArbitrationDto;
import dev.tandem.server.api.ArbitrationSettingsDto;
import dev.tandem.server.api.AutoFailoverRequest;
import dev.tandem.server.api.OperationDto;
import dev.tandem.server.api.PairConnectivityDto;
import dev.tandem.server.api.PairDto;
import dev.tandem.server.api.PairRequest;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import dev.tandem.switchover.Switchover;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Cluster pairs, and the disaster-recovery verbs on them. A pair is named {@code <primary>--<secondary>} (its
 * current direction) or, for the verbs, {@code <site>+<site>} (which stays the same across failovers).
 */
@Path("/api/v1/pairs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PairsResource {
  private final SiteHandler handler;
  private final DrHandler dr;

  public PairsResource(SiteHandler handler, DrHandler dr) {
    this.handler = handler;
    this.dr = dr;
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

  @GET
  @Path("{pair}/arbitration")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Epoch, both sites' statuses (role, health, stale), settings, recent switch reports, the "
      + "operation under way", response = ArbitrationDto.class, errors = {404, 409, 503})
  public ArbitrationDto arbitration(@PathParam("pair") String pair) {
    return dr.arbitration(pair);
  }

  @PUT
  @Path("{pair}/arbitration/auto-failover")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Turn automatic failover by the arbiters on or off", response = ArbitrationSettingsDto.class,
      errors = {404, 409, 422, 503})
  public ArbitrationSettingsDto autoFailover(@PathParam("pair") String pair, AutoFailoverRequest request,
      @Context SecurityContext caller) {
    return dr.autoFailover(pair, request, Callers.name(caller));
  }

  @POST
  @Path("{pair}/switchover")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Planned switchover without data loss; starts it and answers with the operation",
      status = 202, response = OperationDto.class, errors = {404, 409, 503})
  public Response switchover(@PathParam("pair") String pair, @Context SecurityContext caller,
      @Context UriInfo uri) {
    return accepted(dr.start(pair, Switchover.Verb.SWITCHOVER, null, null, Callers.name(caller)), pair, uri);
  }

  @POST
  @Path("{pair}/failover")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Promote the standby because the active site is lost (force=true: even if it is healthy)",
      status = 202, response = OperationDto.class, errors = {404, 409, 422, 503})
  public Response failover(@PathParam("pair") String pair, @QueryParam("force") String force,
      @Context SecurityContext caller, @Context UriInfo uri) {
    return accepted(dr.start(pair, Switchover.Verb.FAILOVER, force, null, Callers.name(caller)), pair, uri);
  }

  @POST
  @Path("{pair}/failback")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Reprotect after a failover from the last common cut (switchBack=true: then switch back)",
      status = 202, response = OperationDto.class, errors = {404, 409, 422, 503})
  public Response failback(@PathParam("pair") String pair, @QueryParam("switchBack") String switchBack,
      @Context SecurityContext caller, @Context UriInfo uri) {
    return accepted(dr.start(pair, Switchover.Verb.FAILBACK, null, switchBack, Callers.name(caller)), pair, uri);
  }

  @POST
  @Path("{pair}/drill")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Forced failover, data check, failback and switch back; reports RTO and RPO", status = 202,
      response = OperationDto.class, errors = {404, 409, 503})
  public Response drill(@PathParam("pair") String pair, @Context SecurityContext caller, @Context UriInfo uri) {
    return accepted(dr.start(pair, Switchover.Verb.DRILL, null, null, Callers.name(caller)), pair, uri);
  }

  @GET
  @Path("{pair}/operations/{operation}")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "One disaster-recovery operation: state, report (RTO, data-loss window, bytes copied) or error",
      response = OperationDto.class, errors = 404)
  public OperationDto operation(@PathParam("pair") String pair, @PathParam("operation") String operation) {
    return dr.operation(pair, operation);
  }

  private static Response accepted(OperationDto op, String pair, UriInfo uri) {
    return Response.accepted(op).location(uri.getBaseUriBuilder().path("api/v1/pairs").path(pair)
        .path("operations").path(op.id()).build()).build();
  }
}
