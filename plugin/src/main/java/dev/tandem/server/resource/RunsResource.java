package dev.tandem.server.resource;

import dev.tandem.server.RunHandler;
import dev.tandem.server.api.RunSummaryDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Runs across groups. One run is addressed under its group: {@code /api/v1/groups/{group}/runs/{run}}. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public final class RunsResource {
  private final RunHandler runs;

  public RunsResource(RunHandler runs) {
    this.runs = runs;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Runs of all groups, newest first; filters: group, state, since (ISO-8601), limit (1-500)",
      response = RunSummaryDto.class, list = true, errors = 422)
  public List<RunSummaryDto> list(@QueryParam("group") String group, @QueryParam("state") String state,
      @QueryParam("since") String since, @QueryParam("limit") String limit) {
    return runs.list(group, state, since, limit);
  }
}
