package dev.tandem.ranger.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.http.JsonDoc;
import dev.tandem.http.JsonHttp;
import dev.tandem.http.LocalHttpServer;
import dev.tandem.http.LocalHttpServer.Answer;
import dev.tandem.http.LocalHttpServer.Request;
import dev.tandem.http.LocalHttpServer.Response;
import dev.tandem.http.RemoteServiceException;
import dev.tandem.http.RestEndpoint;
import dev.tandem.ranger.RangerClient;
import dev.tandem.ranger.RangerPolicy;
import dev.tandem.ranger.RangerService;
import java.io.Closeable;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake Ranger Admin: the documented public API v2 endpoints {@link RangerClient} uses (services by type;
 * policies of a service, by name, create, update, delete), on a loopback port with HTTP basic
 * authentication. Policies keep their JSON as posted, so a test can also seed what Tandem must refuse
 * (masking policies, validity schedules). {@link #failNext} queues canned answers to inject failures.
 */
public final class FakeRanger implements Closeable {
  public static final String ADMIN = "admin";
  private static final String API = RangerClient.API;

  private final String password;
  private final LocalHttpServer server;
  private final Map<String, RangerService> services = new LinkedHashMap<>();
  private final Map<Long, JsonNode> policies = new LinkedHashMap<>();
  private long nextId = 1;

  public FakeRanger(String password) {
    this.password = password;
    this.server = LocalHttpServer.builder("Ranger").account(ADMIN, password)
        .route("GET", API + "/service", r -> sync(() -> listServices(r)))
        .route("GET", API + "/service/{service}/policy", r -> sync(() -> listPolicies(r)))
        .route("GET", API + "/service/{service}/policy/{name}", r -> sync(() -> getByName(r)))
        .route("GET", API + "/policy/{id}", r -> sync(() -> Response.ok(policy(r))))
        .route("POST", API + "/policy", r -> sync(() -> create(r)))
        .route("PUT", API + "/policy/{id}", r -> sync(() -> update(r)))
        .route("DELETE", API + "/policy/{id}", r -> sync(() -> delete(r)))
        .build();
  }

  public FakeRanger start() {
    server.start();
    return this;
  }

  public URI uri() {
    return server.uri();
  }

  public RestEndpoint endpoint() {
    return new RestEndpoint(uri(), ADMIN, password, null);
  }

  public LocalHttpServer http() {
    return server;
  }

  public void failNext(String method, String path, int status, String body, int times) {
    server.failNext(method, path, status, body, times);
  }

  @Override
  public void close() {
    server.close();
  }

  // ----- seeding and inspection

  public synchronized void addService(String name, String type) {
    services.put(name, new RangerService(nextId++, name, type, true));
  }

  /** Stores {@code p} in its service as Ranger would; returns its id. */
  public synchronized long addPolicy(RangerPolicy p) {
    return store(JsonHttp.mapper().valueToTree(RangerClient.json(p, false)));
  }

  /** Stores raw policy JSON (with its {@code service} and {@code name}); returns its id. */
  public synchronized long addRawPolicy(JsonNode policy) {
    return store(policy.deepCopy());
  }

  /** The access policies of {@code service}, as a client would read them. */
  public synchronized List<RangerPolicy> policies(String service) {
    List<RangerPolicy> out = new ArrayList<>();
    for (JsonNode p : policies.values()) {
      if (p.path("service").asText().equals(service) && RangerClient.uncarried(p).isEmpty()) {
        out.add(RangerClient.policy(new JsonDoc("fake Ranger", p)));
      }
    }
    return out;
  }

  private long store(JsonNode p) {
    long id = nextId++;
    ObjectNode o = (ObjectNode) p;
    o.put("id", id);
    o.put("guid", java.util.UUID.nameUUIDFromBytes(("policy-" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    o.put("version", 1);
    o.put("serviceType", services.get(p.path("service").asText()).type());
    policies.put(id, o);
    return id;
  }

  // ----- routes

  private interface Body {
    Response get();
  }

  private synchronized Response sync(Body body) {
    return body.get();
  }

  private Response listServices(Request r) {
    String type = r.query().get("serviceType");
    List<Object> out = new ArrayList<>();
    for (RangerService s : services.values()) {
      if (type == null || type.equals(s.type())) {
        out.add(Map.of("id", s.id(), "name", s.name(), "type", s.type(), "isEnabled", s.enabled(),
            "description", s.type() + " of this cluster"));
      }
    }
    return Response.ok(out);
  }

  private RangerService service(String name) {
    RangerService s = services.get(name);
    if (s == null) {
      throw new Answer(error(404, "Service not found with name: " + name));
    }
    return s;
  }

  private Response listPolicies(Request r) {
    service(r.param("service"));
    List<Object> out = new ArrayList<>();
    policies.values().stream().filter(p -> p.path("service").asText().equals(r.param("service"))).forEach(out::add);
    return Response.ok(out);
  }

  private Response getByName(Request r) {
    service(r.param("service"));
    return policies.values().stream()
        .filter(p -> p.path("service").asText().equals(r.param("service")) && p.path("name").asText()
            .equals(r.param("name")))
        .findFirst().map(p -> Response.ok(p)).orElseGet(() -> error(404, "Policy not found: " + r.param("name")));
  }

  private JsonNode policy(Request r) {
    long id;
    try {
      id = Long.parseLong(r.param("id"));
    } catch (NumberFormatException e) {
      throw new Answer(error(400, "Invalid policy id " + r.param("id")));
    }
    JsonNode p = policies.get(id);
    if (p == null) {
      throw new Answer(error(404, "Policy not found with id: " + id));
    }
    return p;
  }

  /** Ranger's own checks: a known service, a name unique in it, resources; then the policy as stored. */
  private JsonNode validated(Request r, long id) {
    JsonNode p = r.json();
    if (!p.isObject()) {
      throw new Answer(error(400, "A policy must be a JSON object"));
    }
    String name = p.path("name").asText("");
    String service = p.path("service").asText("");
    if (name.isEmpty() || service.isEmpty()) {
      throw new Answer(error(400, "Policy name and service are required"));
    }
    service(service);
    if (p.path("resources").size() == 0) {
      throw new Answer(error(400, "Policy " + name + " has no resources"));
    }
    boolean taken = policies.entrySet().stream().anyMatch(e -> e.getKey() != id
        && e.getValue().path("service").asText().equals(service) && e.getValue().path("name").asText().equals(name));
    if (taken) {
      throw new Answer(error(400, "Another policy already exists for this name: policy-name=[" + name
          + "], service=[" + service + "]"));
    }
    try {
      ObjectNode check = (ObjectNode) p.deepCopy();
      check.put("id", id < 0 ? 0 : id);
      RangerClient.policy(new JsonDoc("request", check));
    } catch (RemoteServiceException e) {
      throw new Answer(error(400, e.getMessage()));
    }
    return p.deepCopy();
  }

  private Response create(Request r) {
    long id = store(validated(r, -1));
    return Response.ok(policies.get(id));
  }

  private Response update(Request r) {
    JsonNode old = policy(r);
    long id = old.path("id").asLong();
    ObjectNode p = (ObjectNode) validated(r, id);
    p.put("id", id);
    p.put("guid", old.path("guid").asText());
    p.put("version", old.path("version").asLong() + 1);
    p.put("serviceType", services.get(p.path("service").asText()).type());
    policies.put(id, p);
    return Response.ok(p);
  }

  private Response delete(Request r) {
    JsonNode p = policy(r);
    policies.remove(p.path("id").asLong());
    return new Response(204, "");
  }

  private static Response error(int status, String message) {
    return Response.json(status, Map.of("statusCode", 1, "msgDesc", message));
  }
}
