package dev.tandem.server.resource;

import dev.tandem.server.DrTestHandler;
import dev.tandem.server.api.DrTestDto;
import dev.tandem.server.api.DrTestRequestDto;
import dev.tandem.server.api.DrTestStopDto;
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

/** A group's DR test without failover: a kept cut exposed read-only on its secondary, checked, then removed. */
@Path("/api/v1/groups/{group}/drtest")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DrTestResource {
  private final DrTestHandler tests;

  public DrTestResource(DrTestHandler tests) {
    this.tests = tests;
  }

  @POST
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Start a DR test without failover: the kept cut (default: the last good one) exposed read-only "
      + "on the group's secondary, each Hive table as an external table over the cut's snapshot in a test database "
      + "<db><databaseSuffix> (default _drtest) marked with the group and cut; answers what was checked. A DR test "
      + "already active, or a target database that is not this group's test database: 409, nothing changed",
      status = 201, response = DrTestDto.class, errors = {404, 409, 422, 503})
  public Response start(@PathParam("group") String group, DrTestRequestDto request, @Context SecurityContext caller,
      @Context UriInfo uri) {
    DrTestDto test = tests.start(group, request, Callers.name(caller));
    return Response.created(uri.getAbsolutePath()).entity(test).build();
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "The group's active DR test and what it checked (404 when none is active)",
      response = DrTestDto.class, errors = {404, 503})
  public DrTestDto status(@PathParam("group") String group) {
    return tests.status(group);
  }

  @DELETE
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Stop the group's DR test: drop its marked test databases (cascade, no file deleted) and release "
      + "the cut to retention (404 when none is active)", response = DrTestStopDto.class, errors = {404, 503})
  public DrTestStopDto stop(@PathParam("group") String group, @Context SecurityContext caller) {
    return tests.stop(group, Callers.name(caller));
  }
}
