package dev.tandem.server.resource;

import dev.tandem.server.RestoreHandler;
import dev.tandem.server.api.CutDto;
import dev.tandem.server.api.RestoreReportDto;
import dev.tandem.server.api.RestoreRequestDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** A group's kept cuts, and restores of paths, tables and partitions from them. */
@Path("/api/v1/groups/{group}/cuts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RestoreResource {
  private final RestoreHandler restores;

  public RestoreResource(RestoreHandler restores) {
    this.restores = restores;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "The group's kept cuts, oldest first (each one restorable)", response = CutDto.class,
      list = true, errors = {404, 503})
  public List<CutDto> cuts(@PathParam("group") String group) {
    return restores.cuts(group);
  }

  @POST
  @Path("{cut}/restore")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Restore an HDFS path, or a Hive table or some of its partitions, from the cut onto either site "
      + "of the pair, in place or to a new path or table; dryRun only reports; an existing target needs overwrite "
      + "(else 409 naming it)", response = RestoreReportDto.class,
      errors = {404, 409, 422, 503})
  public RestoreReportDto restore(@PathParam("group") String group, @PathParam("cut") String cut,
      RestoreRequestDto request, @Context SecurityContext caller) {
    return restores.restore(group, cut, request, Callers.name(caller));
  }
}
