package dev.tandem.server.resource;

import dev.tandem.server.SpaceHandler;
import dev.tandem.server.api.GroupSpaceDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The space a group's kept cuts and drift snapshots hold on each site. */
@Path("/api/v1/groups/{group}/space")
@Produces(MediaType.APPLICATION_JSON)
public final class SpaceResource {
  private final SpaceHandler space;

  public SpaceResource(SpaceHandler space) {
    this.space = space;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Space the group's kept cuts and drift snapshots hold beyond the live tree on each site, with "
      + "each site's free HDFS space; cached (refreshed after each run and once older than "
      + "tandem.space.refresh.interval), refresh=true measures now", response = GroupSpaceDto.class,
      errors = {404, 422})
  public GroupSpaceDto get(@PathParam("group") String group, @QueryParam("refresh") String refresh) {
    return space.space(group, refresh);
  }
}
