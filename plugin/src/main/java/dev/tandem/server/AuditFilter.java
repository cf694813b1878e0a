package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.audit.AuditLog;
import dev.tandem.server.api.ErrorResponse;
import dev.tandem.server.auth.AuthFilter;
import dev.tandem.server.auth.Caller;
import dev.tandem.server.auth.FormTokens;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every state-changing request (any method but GET, HEAD and OPTIONS) to a Tandem resource in the audit
 * log, after it was answered: the caller, the action (resource and method), the path, the query and body
 * parameters without secrets, the status and the error message. Refused requests (401, 403, 422, ...) are
 * recorded too. The web UI's form posts and the CLI's calls come through here like any other client.
 *
 * <p>Its request side runs before every other filter, so it reads the body as it arrived and hands on a stream of
 * the same bytes. After {@link dev.tandem.server.auth.CsrfFilter} has buffered and read a form, the stream it
 * would get is already at its end, and the resource would then see an empty form.
 */
@Priority(Priorities.AUTHENTICATION - 200)
public final class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final String PARAMETERS = AuditFilter.class.getName() + ".parameters";
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  /** Keys whose values are never recorded. */
  private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|keytab).*");
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_VALUE = 500;

  private final AuditLog audit;
  private final ObjectMapper json;

  @Context
  private ResourceInfo resource;

  public AuditFilter(AuditLog audit, ObjectMapper json) {
    this.audit = audit;
    this.json = json;
  }

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    if (!audited(request) || !request.hasEntity()) {
      return;
    }
    InputStream in = request.getEntityStream();
    byte[] head = in.readNBytes(MAX_BODY + 1);
    request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
    if (head.length <= MAX_BODY) {
      request.setProperty(PARAMETERS, body(request.getMediaType(), head));
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!audited(request)) {
      return;
    }
    try {
      Method method = resource.getResourceMethod();
      Map<String, String> params = new LinkedHashMap<>();
      request.getUriInfo().getQueryParameters().forEach((k, v) -> put(params, k, String.join(",", v)));
      if (request.getProperty(PARAMETERS) instanceof Map<?, ?> body) {
        body.forEach((k, v) -> put(params, "body." + k, String.valueOf(v)));
      }
      String group = request.getUriInfo().getPathParameters().getFirst("group");
      if (group == null && (method.getDeclaringClass().getSimpleName().equals("GroupsResource")
          || method.getName().equals("createGroup"))) {
        group = params.get("body.name"); // a group being created is named in its body
      }
      Caller caller = request.getSecurityContext().getUserPrincipal() instanceof Caller c ? c
          : request.getProperty(AuthFilter.CALLER) instanceof Caller refused ? refused : null;
      int status = response.getStatus();
      String error = response.getEntity() instanceof ErrorResponse r ? r.message()
          : status >= 400 ? response.getStatusInfo().getReasonPhrase() : null;
      audit.record(new AuditLog.Action(caller == null ? "anonymous" : caller.user(),
          caller == null ? "unauthenticated" : caller.via(), action(method),
          request.getMethod() + " /" + request.getUriInfo().getPath(), group, params, status, status < 400, error));
    } catch (RuntimeException e) {
      LOG.error("Audit entry of {} /{} not recorded: {}", request.getMethod(), request.getUriInfo().getPath(),
          e.getMessage(), e);
    }
  }

  private boolean audited(ContainerRequestContext request) {
    Method method = resource == null ? null : resource.getResourceMethod();
    return method != null && !READS.contains(request.getMethod())
        && method.getDeclaringClass().getName().startsWith("dev.tandem.");
  }

  /** {@code groups.create}, {@code pairs.switchover}, {@code ui.createGroup}: the resource and its method. */
  static String action(Method method) {
    String type = method.getDeclaringClass().getSimpleName().replace("Resource", "");
    return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "." + method.getName();
  }

  private Map<String, String> body(MediaType type, byte[] data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data.length == 0 || type == null) {
      return out;
    }
    if (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      for (String pair : new String(data, StandardCharsets.UTF_8).split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (!key.equals(FormTokens.FIELD) && !key.isEmpty()) {
          out.merge(key, value, (a, b) -> a + "," + b);
        }
      }
      return out;
    }
    try {
      JsonNode node = json.readTree(data);
      if (node != null && node.isObject()) {
        node.fields().forEachRemaining(f -> out.put(f.getKey(),
            f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
      }
    } catch (IOException e) {
      out.put("body", "(not JSON)"); // the resource answers the 400; the entry records that the body was bad
    }
    return out;
  }

  private static void put(Map<String, String> params, String key, String value) {
    if (SECRET.matcher(key).matches()) {
      return;
    }
    params.put(key, value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE - 3) + "...");
  }
}
