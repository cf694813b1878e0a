package dev.tandem.server.resource;

import dev.tandem.server.GroupHandler;
import dev.tandem.server.RunHandler;
import dev.tandem.server.api.GroupDto;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.api.RunDto;
import dev.tandem.server.api.RunSummaryDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
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

/** Protection groups and their runs. */
@Path("/api/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class GroupsResource {
  private final GroupHandler groups;
  private final RunHandler runs;

  public GroupsResource(GroupHandler groups, RunHandler runs) {
    this.groups = groups;
    this.runs = runs;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "List protection groups with their state", response = GroupDto.class, list = true)
  public List<GroupDto> list() {
    return groups.list();
  }

  @POST
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Create a protection group (validated against the primary's file system)", status = 201,
      response = GroupDto.class, errors = {400, 409, 422, 503})
  public Response create(GroupRequest request, @Context SecurityContext caller, @Context UriInfo uri) {
    GroupDto group = groups.create(request, Callers.name(caller));
    return Response.created(uri.getAbsolutePathBuilder().path(group.name()).build()).entity(group).build();
  }

  @GET
  @Path("{group}")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "One protection group with its last good cut, lag, next run and last run",
      response = GroupDto.class, errors = 404)
  public GroupDto get(@PathParam("group") String group) {
    return groups.get(group);
  }

  @PUT
  @Path("{group}")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Replace a protection group's definition", response = GroupDto.class,
      errors = {400, 404, 409, 422, 503})
  public GroupDto update(@PathParam("group") String group, GroupRequest request, @Context SecurityContext caller) {
    return groups.update(group, request, Callers.name(caller));
  }

  @DELETE
  @Path("{group}")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Delete a protection group from both registries (its snapshots stay)", status = 204,
      errors = {404, 409, 503})
  public Response delete(@PathParam("group") String group, @Context SecurityContext caller) {
    groups.delete(group, Callers.name(caller));
    return Response.noContent().build();
  }

  @POST
  @Path("{group}/enable")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Enable scheduled and manual runs", response = GroupDto.class, errors = {404, 503})
  public GroupDto enable(@PathParam("group") String group, @Context SecurityContext caller) {
    return groups.enable(group, true, Callers.name(caller));
  }

  @POST
  @Path("{group}/disable")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Disable runs (a run in progress finishes)", response = GroupDto.class, errors = {404, 503})
  public GroupDto disable(@PathParam("group") String group, @Context SecurityContext caller) {
    return groups.enable(group, false, Callers.name(caller));
  }

  @POST
  @Path("{group}/runs")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Start a run now; answers once it is recorded, with its id. verifyAll=true: the run compares "
      + "every file (listing entry and checksum) with the primary", status = 202,
      response = RunDto.class, errors = {404, 409, 422, 503})
  public Response start(@PathParam("group") String group, @QueryParam("verifyAll") String verifyAll,
      @Context SecurityContext caller, @Context UriInfo uri) {
    RunDto run = runs.start(group, Callers.name(caller), verifyAll);
    return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id()).build()).build();
  }

  @GET
  @Path("{group}/runs")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Runs of one group, newest first", response = RunSummaryDto.class, list = true,
      errors = {404, 422})
  public List<RunSummaryDto> runs(@PathParam("group") String group, @QueryParam("state") String state,
      @QueryParam("since") String since, @QueryParam("limit") String limit) {
    return runs.listForGroup(group, state, since, limit);
  }

  @GET
  @Path("{group}/runs/{run}")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "One run with its steps, progress, consistency window and verification",
      response = RunDto.class, errors = 404)
  public RunDto run(@PathParam("group") String group, @PathParam("run") String run) {
    return runs.get(group, run);
  }

  @POST
  @Path("{group}/runs/{run}/cancel")
  @RequiresRole(Role.OPERATOR)
  @ApiDoc(summary = "Cancel a running run at its next step boundary; the last good cut stays", status = 202,
      response = RunDto.class, errors = {404, 409})
  public Response cancel(@PathParam("group") String group, @PathParam("run") String run,
      @Context SecurityContext caller) {
    return Response.accepted(runs.cancel(group, run, Callers.name(caller))).build();
  }
}
