package dev.tandem.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.server.api.ErrorResponse;
import dev.tandem.server.auth.Public;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.resource.ApiDoc;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0 description of the API, derived from the resource classes themselves (JAX-RS annotations,
 * {@link ApiDoc}, {@link RequiresRole}) and the DTO records, so that it cannot drift from what is served.
 */
public final class OpenApi {
  private final ObjectMapper json;
  private final Map<String, Class<?>> schemas = new TreeMap<>();

  private OpenApi(ObjectMapper json) {
    this.json = json;
  }

  public static String describe(List<Class<?>> resources, String version) {
    OpenApi api = new OpenApi(new ObjectMapper());
    try {
      return api.json.writerWithDefaultPrettyPrinter().writeValueAsString(api.build(resources, version));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the OpenAPI description", e);
    }
  }

  private ObjectNode build(List<Class<?>> resources, String version) {
    ObjectNode root = json.createObjectNode();
    root.put("openapi", "3.0.3");
    ObjectNode info = root.putObject("info");
    info.put("title", "Tandem control-plane API");
    info.put("version", version);
    info.put("description", "Service-consistent disaster recovery for Hadoop clusters. Errors are ErrorResponse "
        + "bodies: 422 invalid input (with field), 400 malformed JSON, 404 unknown resource, 409 conflict with "
        + "existing state, 503 a site is unreachable, 500 with an error id. State-changing requests need the "
        + "header X-Requested-By.");
    ObjectNode paths = root.putObject("paths");
    schemas.put("ErrorResponse", ErrorResponse.class);
    Map<String, ObjectNode> byPath = new TreeMap<>();
    for (Class<?> resource : resources) {
      String base = resource.getAnnotation(Path.class).value();
      Method[] methods = resource.getDeclaredMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method m : methods) {
        String verb = verb(m);
        if (verb == null) {
          continue;
        }
        String path = join(base, m.isAnnotationPresent(Path.class) ? m.getAnnotation(Path.class).value() : "");
        ObjectNode item = byPath.computeIfAbsent(path, p -> json.createObjectNode());
        item.set(verb, operation(resource, m));
      }
    }
    byPath.forEach(paths::set);
    ObjectNode components = root.putObject("components");
    ObjectNode security = components.putObject("securitySchemes");
    security.putObject("basic").put("type", "http").put("scheme", "basic");
    security.putObject("viewUser").put("type", "apiKey").put("in", "header").put("name", "X-Tandem-User")
        .put("description", "The Ambari View's logged-in user; only together with viewSecret");
    security.putObject("viewSecret").put("type", "apiKey").put("in", "header").put("name", "X-Tandem-View-Secret")
        .put("description", "Secret shared between the Ambari View and this server (tandem.view.secret)");
    ObjectNode out = components.putObject("schemas");
    Set<String> done = new LinkedHashSet<>();
    while (done.size() < schemas.size()) {
      for (Map.Entry<String, Class<?>> e : new TreeMap<>(schemas).entrySet()) {
        if (done.add(e.getKey())) {
          out.set(e.getKey(), schema(e.getValue()));
        }
      }
    }
    return root;
  }

  private ObjectNode operation(Class<?> resource, Method m) {
    ApiDoc doc = m.getAnnotation(ApiDoc.class);
    if (doc == null) {
      throw new IllegalStateException("Resource method " + m + " has no @ApiDoc");
    }
    ObjectNode op = json.createObjectNode();
    op.put("operationId", lowerFirst(resource.getSimpleName().replace("Resource", "")) + upperFirst(m.getName()));
    op.put("summary", doc.summary());
    op.putArray("tags").add(resource.getSimpleName().replace("Resource", ""));
    RequiresRole role = m.getAnnotation(RequiresRole.class);
    boolean open = m.isAnnotationPresent(Public.class);
    if (role != null) {
      op.put("x-tandem-role", role.value().label());
    }
    ArrayNode security = op.putArray("security");
    if (!open) {
      security.addObject().putArray("basic");
      ObjectNode view = security.addObject();
      view.putArray("viewUser");
      view.putArray("viewSecret");
    }
    ArrayNode params = json.createArrayNode();
    for (java.lang.reflect.Parameter p : m.getParameters()) {
      PathParam path = p.getAnnotation(PathParam.class);
      QueryParam query = p.getAnnotation(QueryParam.class);
      if (path != null || query != null) {
        ObjectNode param = params.addObject();
        param.put("name", path != null ? path.value() : query.value());
        param.put("in", path != null ? "path" : "query");
        param.put("required", path != null);
        param.putObject("schema").put("type", "string");
      } else if (!p.isAnnotationPresent(Context.class)) {
        ObjectNode body = op.putObject("requestBody");
        body.put("required", true);
        body.putObject("content").putObject("application/json").set("schema", ref(p.getType()));
      }
    }
    if (!params.isEmpty()) {
      op.set("parameters", params);
    }
    ObjectNode responses = op.putObject("responses");
    ObjectNode ok = responses.putObject(Integer.toString(doc.status()));
    ok.put("description", doc.status() == 204 ? "Done, no content" : "Success");
    if (doc.response() != Void.class) {
      ObjectNode schema = doc.list() ? arrayOf(ref(doc.response())) : ref(doc.response());
      ok.putObject("content").putObject("application/json").set("schema", schema);
    } else if (doc.status() != 204) {
      String type = m.isAnnotationPresent(Produces.class) ? m.getAnnotation(Produces.class).value()[0]
          : "application/json";
      ok.putObject("content").putObject(type).putObject("schema").put("type", type.startsWith("text") ? "string"
          : "object");
    }
    Set<Integer> errors = new java.util.TreeSet<>();
    Arrays.stream(doc.errors()).forEach(errors::add);
    if (!open) {
      errors.add(401);
      errors.add(403);
    }
    if (!m.isAnnotationPresent(GET.class)) {
      errors.add(403); // CSRF: X-Requested-By missing or a cross-site origin
    }
    errors.add(500);
    for (int status : errors) {
      ObjectNode r = responses.putObject(Integer.toString(status));
      r.put("description", describe(status));
      r.putObject("content").putObject("application/json").set("schema", ref(ErrorResponse.class));
    }
    return op;
  }

  private static String describe(int status) {
    return switch (status) {
      case 400 -> "Malformed request body (not JSON)";
      case 401 -> "No or wrong credentials";
      case 403 -> "Role too low, or a cross-site state change";
      case 404 -> "Unknown resource in the path";
      case 409 -> "Conflicts with existing state";
      case 422 -> "Invalid input; 'field' names it";
      case 503 -> "A site or its metastore is unreachable";
      default -> "Internal error; 'errorId' names the log entry";
    };
  }

  private ObjectNode schema(Class<?> type) {
    ObjectNode s = json.createObjectNode();
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    for (RecordComponent c : type.getRecordComponents()) {
      props.set(c.getName(), typeOf(c.getGenericType()));
    }
    return s;
  }

  private ObjectNode typeOf(Type t) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      return arrayOf(typeOf(p.getActualTypeArguments()[0]));
    }
    if (t instanceof ParameterizedType p && p.getRawType() == java.util.Map.class) {
      ObjectNode map = json.createObjectNode().put("type", "object");
      map.set("additionalProperties", typeOf(p.getActualTypeArguments()[1]));
      return map;
    }
    Class<?> c = (Class<?>) t;
    ObjectNode n = json.createObjectNode();
    if (c == String.class) {
      n.put("type", "string");
    } else if (c == int.class || c == Integer.class) {
      n.put("type", "integer").put("format", "int32");
    } else if (c == long.class || c == Long.class) {
      n.put("type", "integer").put("format", "int64");
    } else if (c == boolean.class || c == Boolean.class) {
      n.put("type", "boolean");
    } else if (c == double.class || c == Double.class) {
      n.put("type", "number");
    } else if (c == Instant.class) {
      n.put("type", "string").put("format", "date-time");
    } else if (c.isRecord()) {
      return ref(c);
    } else {
      throw new IllegalStateException("No OpenAPI type for " + c);
    }
    return n;
  }

  private ObjectNode ref(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalStateException("Request and response bodies must be DTO records: " + type);
    }
    schemas.putIfAbsent(type.getSimpleName(), type);
    return json.createObjectNode().put("$ref", "#/components/schemas/" + type.getSimpleName());
  }

  private ObjectNode arrayOf(ObjectNode items) {
    ObjectNode a = json.createObjectNode();
    a.put("type", "array");
    a.set("items", items);
    return a;
  }

  /** The HTTP method of a resource method, lower-case, or null for a non-resource method. */
  public static String verb(Method m) {
    for (Class<? extends Annotation> a : List.of(GET.class, POST.class, PUT.class, DELETE.class)) {
      if (m.isAnnotationPresent(a)) {
        return a.getSimpleName().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return null;
  }

  /** Joins JAX-RS path segments into an OpenAPI path ({@code /api/v1/groups/{group}}). */
  public static String join(String base, String sub) {
    String b = base.startsWith("/") ? base : "/" + base;
    if (sub.isEmpty()) {
      return b;
    }
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + (sub.startsWith("/") ? sub : "/" + sub);
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String upperFirst(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
