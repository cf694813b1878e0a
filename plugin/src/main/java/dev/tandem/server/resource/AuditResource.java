package dev.tandem.server.resource;

import dev.tandem.audit.AuditEntry;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.AuditQuery;
import dev.tandem.server.api.AuditEntryDto;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The audit log of this site: its own entries and those its peers wrote here. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
  private final AuditLog audit;

  public AuditResource(AuditLog audit) {
    this.audit = audit;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Audit entries, newest first; filters: since, until (ISO-8601 instants or dates), user, group "
      + "(protection group), limit (1-1000, default 100)", response = AuditEntryDto.class, list = true,
      errors = {422, 503})
  public List<AuditEntryDto> list(@QueryParam("since") String since, @QueryParam("until") String until,
      @QueryParam("user") String user, @QueryParam("group") String group, @QueryParam("limit") String limit) {
    return audit.list(AuditQuery.parse(since, until, user, group, limit)).stream().map(AuditResource::dto).toList();
  }

  public static AuditEntryDto dto(AuditEntry e) {
    return new AuditEntryDto(e.id(), e.time(), e.user(), e.via(), e.action(), e.target(), e.group(), e.parameters(),
        e.status(), e.success(), e.error(), e.recordedBy(), e.unreached());
  }
}
