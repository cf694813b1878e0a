package dev.tandem.server.resource;

import dev.tandem.server.UserDataHandler;
import dev.tandem.server.api.UserDataApplyReportDto;
import dev.tandem.server.api.UserDataDiffDto;
import dev.tandem.server.api.UserDataRecordDto;
import dev.tandem.server.api.UserDataVersionDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** A group's user data (users, grants, policies, queues), kept per cut on its secondary. */
@Path("/api/v1/groups/{group}/userdata")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class UserDataResource {
  private final UserDataHandler userData;

  public UserDataResource(UserDataHandler userData) {
    this.userData = userData;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Kept versions of the group's user data, oldest first: cut, capture time, sources, notes",
      response = UserDataVersionDto.class, list = true, errors = {404, 503})
  public List<UserDataVersionDto> versions(@PathParam("group") String group) {
    return userData.versions(group);
  }

  @GET
  @Path("diff")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Who gained or lost what between two versions (default: the one before the last good cut's, "
      + "and the last good cut's)", response = UserDataDiffDto.class, errors = {404, 422, 503})
  public UserDataDiffDto diff(@PathParam("group") String group, @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return userData.diff(group, from, to);
  }

  @GET
  @Path("{cut}")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "One version with every right it holds", response = UserDataRecordDto.class,
      errors = {404, 503})
  public UserDataRecordDto record(@PathParam("group") String group, @PathParam("cut") String cut) {
    return userData.record(group, cut);
  }

  @POST
  @Path("{cut}/apply")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Apply a version to the group's secondary (mode=APPLY), or report what that would change "
      + "(mode=DRY_RUN)", response = UserDataApplyReportDto.class, errors = {404, 422, 503})
  public UserDataApplyReportDto apply(@PathParam("group") String group, @PathParam("cut") String cut,
      @QueryParam("mode") String mode, @Context SecurityContext caller) {
    return userData.apply(group, cut, mode, Callers.name(caller));
  }
}
