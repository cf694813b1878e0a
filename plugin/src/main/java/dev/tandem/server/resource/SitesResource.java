package dev.tandem.server.resource;

import dev.tandem.server.SiteHandler;
import dev.tandem.server.api.ConnectivityDto;
import dev.tandem.server.api.HdfsListingDto;
import dev.tandem.server.api.HiveListingDto;
import dev.tandem.server.api.SiteDto;
import dev.tandem.server.api.SiteRequest;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

@Path("/api/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SitesResource {
  private final SiteHandler handler;

  public SitesResource(SiteHandler handler) {
    this.handler = handler;
  }

  @GET
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "List sites with location, resource specification and health", response = SiteDto.class,
      list = true)
  public List<SiteDto> list() {
    return handler.list();
  }

  @GET
  @Path("{site}")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "One site", response = SiteDto.class, errors = 404)
  public SiteDto get(@PathParam("site") String site) {
    return handler.get(site);
  }

  @PUT
  @Path("{site}")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Register or replace another site (usually the peer)", response = SiteDto.class,
      errors = {400, 404, 409, 422})
  public SiteDto put(@PathParam("site") String site, SiteRequest request, @Context SecurityContext caller) {
    return handler.put(site, request, Callers.name(caller));
  }

  @DELETE
  @Path("{site}")
  @RequiresRole(Role.ADMIN)
  @ApiDoc(summary = "Forget another site (refused for this server's own site and while a pair uses it)",
      status = 204, errors = {404, 409})
  public Response delete(@PathParam("site") String site, @Context SecurityContext caller) {
    handler.delete(site, Callers.name(caller));
    return Response.noContent().build();
  }

  @GET
  @Path("{site}/connectivity")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Probe the site's registry and file system now", response = ConnectivityDto.class,
      errors = 404)
  public ConnectivityDto connectivity(@PathParam("site") String site) {
    return handler.connectivity(site);
  }

  @GET
  @Path("{site}/hdfs")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Directories directly under an HDFS path, for pickers", response = HdfsListingDto.class,
      errors = {404, 422, 503})
  public HdfsListingDto hdfs(@PathParam("site") String site, @QueryParam("path") String path) {
    return handler.hdfs(site, path);
  }

  @GET
  @Path("{site}/hive/databases")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Hive databases of the site, for pickers", response = HiveListingDto.class,
      errors = {404, 503})
  public HiveListingDto hiveDatabases(@PathParam("site") String site) {
    return handler.hiveDatabases(site);
  }

  @GET
  @Path("{site}/hive/databases/{database}/tables")
  @RequiresRole(Role.VIEWER)
  @ApiDoc(summary = "Tables of one Hive database, for pickers", response = HiveListingDto.class,
      errors = {404, 503})
  public HiveListingDto hiveTables(@PathParam("site") String site, @PathParam("database") String database) {
    return handler.hiveTables(site, database);
  }
}
