package dev.tandem.view.ambari2;

import dev.tandem.view.ProxyResponse;
import dev.tandem.view.TandemProxy;
import dev.tandem.view.ViewSettings;
import javax.inject.Inject;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.apache.ambari.view.ViewContext;

/**
 * The view's only resource for Ambari 2.7 and 2.8 (Java 8, Jersey 1): every request below it goes to the Tandem server as the
 * logged-in Ambari user. All logic lives in the shared {@link TandemProxy}.
 */
public class ProxyService {
  @Inject
  ViewContext context;

  @GET
  @Path("{path: .*}")
  public Response get(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
    return forward("GET", path, uri, headers, null);
  }

  @POST
  @Path("{path: .*}")
  public Response post(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
      byte[] body) {
    return forward("POST", path, uri, headers, body);
  }

  @PUT
  @Path("{path: .*}")
  public Response put(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers,
      byte[] body) {
    return forward("PUT", path, uri, headers, body);
  }

  @DELETE
  @Path("{path: .*}")
  public Response delete(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
    return forward("DELETE", path, uri, headers, null);
  }

  private Response forward(String method, String path, UriInfo uri, HttpHeaders headers, byte[] body) {
    ProxyResponse r;
    try {
      ViewSettings settings = ViewSettings.from(context.getProperties());
      r = new TandemProxy(settings).forward(method, path, uri.getRequestUri().getRawQuery(),
          headers.getRequestHeaders(), body, context.getUsername());
    } catch (IllegalArgumentException e) {
      r = TandemProxy.error(500, "Misconfigured", e.getMessage());
    }
    return Response.status(r.status()).type(r.contentType()).entity(r.body()).build();
  }
}
