package dev.tandem.ambari.fake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ambari.AmbariAlert;
import dev.tandem.ambari.AmbariClient;
import dev.tandem.ambari.AmbariHost;
import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.AmbariPrivilege.ResourceType;
import dev.tandem.http.JsonDoc;
import dev.tandem.http.LocalHttpServer;
import dev.tandem.http.LocalHttpServer.Answer;
import dev.tandem.http.LocalHttpServer.Request;
import dev.tandem.http.LocalHttpServer.Response;
import dev.tandem.http.RestEndpoint;
import java.io.Closeable;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fake Ambari Server for one cluster: exactly the documented {@code /api/v1} endpoints that
 * {@link AmbariClient} uses, served on a loopback port with HTTP basic authentication, and refusing writes
 * without {@code X-Requested-By} as Ambari does. The sandbox runs one per site; tests use the same.
 *
 * <p>State is seeded through the Java methods ({@link #addHost}, {@link #putConfig}, {@link #addUser}, ...) and
 * changed through HTTP like a real server. {@link #failNext} queues canned answers to inject failures.
 */
public final class FakeAmbari implements Closeable {
  public static final String ADMIN = "admin";
  static final String CSRF_MESSAGE = "CSRF protection is turned on. X-Requested-By HTTP header is required.";
  private static final String API = AmbariClient.API;

  private record UserRec(String name, String displayName, boolean active, String type) {}

  private record GroupRec(String name, String type, Set<String> members) {}

  private final String cluster;
  private final String version;
  private final String password;
  private final LocalHttpServer server;
  private final Map<String, AmbariHost> hosts = new LinkedHashMap<>();
  /** service → component → host → state. */
  private final Map<String, Map<String, Map<String, String>>> services = new LinkedHashMap<>();
  private final Map<String, Map<String, Map<String, String>>> configs = new LinkedHashMap<>();
  private final Map<String, String> desired = new LinkedHashMap<>();
  private final Map<String, UserRec> users = new LinkedHashMap<>();
  private final Map<String, GroupRec> groups = new LinkedHashMap<>();
  private final Map<Long, AmbariPrivilege> privileges = new LinkedHashMap<>();
  private final Set<String> viewInstances = new LinkedHashSet<>();
  private final List<AmbariAlert> alerts = new ArrayList<>();
  private final Map<Long, JsonNode> requests = new LinkedHashMap<>();
  private long nextId = 1;

  /**
   * @param cluster the cluster's name
   * @param version its stack, e.g. {@code HDP-3.1}
   * @param password the password of {@link #ADMIN}, the account clients sign in with
   */
  public FakeAmbari(String cluster, String version, String password) {
    this.cluster = cluster;
    this.version = version;
    this.password = password;
    this.server = routes(LocalHttpServer.builder("Ambari " + cluster).account(ADMIN, password)
        .requireOnWrites(AmbariClient.REQUESTED_BY, CSRF_MESSAGE)).build();
    users.put(ADMIN, new UserRec(ADMIN, "Administrator", true, "LOCAL"));
    grant(AmbariPrivilege.ambari("AMBARI.ADMINISTRATOR", ADMIN, PrincipalType.USER));
  }

  public FakeAmbari start() {
    server.start();
    return this;
  }

  public URI uri() {
    return server.uri();
  }

  /** How Tandem reaches this server: its URI and the admin account. */
  public RestEndpoint endpoint() {
    return new RestEndpoint(uri(), ADMIN, password, null);
  }

  public String cluster() {
    return cluster;
  }

  public LocalHttpServer http() {
    return server;
  }

  /** See {@link LocalHttpServer#failNext}. */
  public void failNext(String method, String path, int status, String body, int times) {
    server.failNext(method, path, status, body, times);
  }

  @Override
  public void close() {
    server.close();
  }

  // ----- seeding and inspection

  public synchronized void addHost(AmbariHost host) {
    hosts.put(host.name(), host);
  }

  /** Adds a service whose components run on the given hosts, all {@code STARTED}. */
  public synchronized void addService(String service, Map<String, List<String>> components) {
    Map<String, Map<String, String>> byComponent = new LinkedHashMap<>();
    components.forEach((c, on) -> {
      Map<String, String> states = new LinkedHashMap<>();
      on.forEach(h -> states.put(h, "STARTED"));
      byComponent.put(c, states);
    });
    services.put(service, byComponent);
  }

  /** Sets one component instance's state, as an agent would report it (e.g. a crashed DataNode). */
  public synchronized void setComponentState(String service, String component, String host, String state) {
    services.get(service).get(component).put(host, state);
  }

  /** Creates a new configuration of {@code type} and makes it the desired one; returns its tag. */
  public synchronized String putConfig(String type, Map<String, String> properties) {
    String tag = "version" + (configs.getOrDefault(type, Map.of()).size() + 1);
    configs.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(tag, new TreeMap<>(properties));
    desired.put(type, tag);
    return tag;
  }

  /** The properties of the desired configuration of {@code type}. */
  public synchronized Map<String, String> config(String type) {
    return Map.copyOf(configs.get(type).get(desired.get(type)));
  }

  public synchronized String desiredTag(String type) {
    return desired.get(type);
  }

  public synchronized void addUser(String name, String displayName, String userType, boolean active) {
    users.put(key(name), new UserRec(name, displayName, active, userType));
  }

  public synchronized void addGroup(String name, String groupType, String... members) {
    groups.put(key(name), new GroupRec(name, groupType, new LinkedHashSet<>(List.of(members))));
  }

  public synchronized void addViewInstance(String view, String version, String instance) {
    viewInstances.add(view + "/" + version + "/" + instance);
  }

  /** Grants {@code p} (its id is ignored) and returns the new grant's id. */
  public synchronized long grant(AmbariPrivilege p) {
    long id = nextId++;
    privileges.put(id, new AmbariPrivilege(id, p.permission(), p.principalName(), p.principalType(), p.type(),
        p.cluster(), p.view(), p.viewVersion(), p.viewInstance()));
    return id;
  }

  public synchronized void addAlert(String definition, String label, String state, String service, String component,
      String host, String text) {
    alerts.add(new AmbariAlert(nextId++, definition, label, state, service, component, host, text,
        System.currentTimeMillis()));
  }

  public synchronized List<AmbariPrivilege> privileges() {
    return List.copyOf(privileges.values());
  }

  public synchronized Set<String> userNames() {
    Set<String> out = new LinkedHashSet<>();
    users.values().forEach(u -> out.add(u.name()));
    return out;
  }

  public synchronized Set<String> members(String group) {
    GroupRec g = groups.get(key(group));
    return g == null ? Set.of() : Set.copyOf(g.members());
  }

  public synchronized boolean userActive(String name) {
    return users.get(key(name)).active();
  }

  /** Bodies of the requests (custom commands) submitted so far, oldest first. */
  public synchronized List<JsonNode> submittedRequests() {
    return List.copyOf(requests.values());
  }

  // ----- routes

  private LocalHttpServer.Builder routes(LocalHttpServer.Builder b) {
    String c = API + "/clusters/{cluster}";
    return b
        .route("GET", API + "/clusters", r -> listClusters())
        .route("GET", c, r -> sync(() -> getCluster(r)))
        .route("PUT", c, r -> sync(() -> putCluster(r)))
        .route("GET", c + "/configurations", r -> sync(() -> getConfigurations(r)))
        .route("GET", c + "/hosts", r -> sync(() -> getHosts(r)))
        .route("GET", c + "/hosts/{host}", r -> sync(() -> getHost(r)))
        .route("GET", c + "/services", r -> sync(() -> getServices(r)))
        .route("GET", c + "/services/{service}", r -> sync(() -> getService(r)))
        .route("PUT", c + "/services/{service}", r -> sync(() -> putService(r)))
        .route("GET", c + "/services/{service}/components/{component}", r -> sync(() -> getComponent(r)))
        .route("GET", c + "/host_components", r -> sync(() -> getHostComponents(r)))
        .route("POST", c + "/requests", r -> sync(() -> postRequest(r)))
        .route("GET", c + "/requests/{id}", r -> sync(() -> getRequest(r)))
        .route("GET", c + "/alerts", r -> sync(() -> getAlerts(r)))
        .route("GET", c + "/privileges", r -> sync(() -> listPrivileges(r, ResourceType.CLUSTER)))
        .route("POST", c + "/privileges", r -> sync(() -> postPrivileges(r, ResourceType.CLUSTER)))
        .route("DELETE", c + "/privileges/{id}", r -> sync(() -> deletePrivilege(r, ResourceType.CLUSTER)))
        .route("GET", API + "/privileges", r -> sync(() -> listPrivileges(r, ResourceType.AMBARI)))
        .route("POST", API + "/privileges", r -> sync(() -> postPrivileges(r, ResourceType.AMBARI)))
        .route("DELETE", API + "/privileges/{id}", r -> sync(() -> deletePrivilege(r, ResourceType.AMBARI)))
        .route("GET", API + "/views/{view}/versions/{version}/instances/{instance}", r -> sync(() -> getInstance(r)))
        .route("GET", API + "/views/{view}/versions/{version}/instances/{instance}/privileges",
            r -> sync(() -> listPrivileges(r, ResourceType.VIEW)))
        .route("POST", API + "/views/{view}/versions/{version}/instances/{instance}/privileges",
            r -> sync(() -> postPrivileges(r, ResourceType.VIEW)))
        .route("DELETE", API + "/views/{view}/versions/{version}/instances/{instance}/privileges/{id}",
            r -> sync(() -> deletePrivilege(r, ResourceType.VIEW)))
        .route("GET", API + "/users", r -> sync(this::listUsers))
        .route("POST", API + "/users", r -> sync(() -> postUser(r)))
        .route("GET", API + "/users/{user}", r -> sync(() -> getUser(r)))
        .route("PUT", API + "/users/{user}", r -> sync(() -> putUser(r)))
        .route("GET", API + "/users/{user}/privileges", r -> sync(() -> userPrivileges(r)))
        .route("GET", API + "/groups", r -> sync(this::listGroups))
        .route("POST", API + "/groups", r -> sync(() -> postGroup(r)))
        .route("GET", API + "/groups/{group}", r -> sync(() -> getGroup(r)))
        .route("GET", API + "/groups/{group}/members", r -> sync(() -> getMembers(r)))
        .route("POST", API + "/groups/{group}/members", r -> sync(() -> postMember(r)))
        .route("DELETE", API + "/groups/{group}/members/{user}", r -> sync(() -> deleteMember(r)));
  }

  private interface Body {
    Response get();
  }

  private synchronized Response sync(Body body) {
    return body.get();
  }

  private String href(String path) {
    return server.uri() + path;
  }

  private Response listClusters() {
    return Response.ok(Map.of("href", href(API + "/clusters"), "items", List.of(Map.of(
        "href", href(API + "/clusters/" + cluster),
        "Clusters", Map.of("cluster_name", cluster, "version", version)))));
  }

  private void checkCluster(Request r) {
    if (!cluster.equals(r.param("cluster"))) {
      throw new Answer(Response.error(404, "The requested resource doesn't exist: Cluster not found, clusterName="
          + r.param("cluster")));
    }
  }

  private Response getCluster(Request r) {
    checkCluster(r);
    Map<String, Object> configsOut = new TreeMap<>();
    desired.forEach((type, tag) -> configsOut.put(type, Map.of("tag", tag, "version", version(type, tag))));
    return Response.ok(Map.of("href", href(r.path()), "Clusters", Map.of("cluster_name", cluster, "cluster_id", 2,
        "version", version, "desired_configs", configsOut)));
  }

  private int version(String type, String tag) {
    return new ArrayList<>(configs.get(type).keySet()).indexOf(tag) + 1;
  }

  /** {@code {"Clusters":{"desired_config": {...} or [{...}, ...]}}}: create (with properties) and apply. */
  private Response putCluster(Request r) {
    checkCluster(r);
    JsonNode dc = JsonDoc.at(r.json(), "Clusters/desired_config");
    if (dc.isMissingNode()) {
      return badRequest("Only Clusters/desired_config can be changed on this server");
    }
    List<JsonNode> wanted = new ArrayList<>();
    if (dc.isArray()) {
      dc.forEach(wanted::add);
    } else {
      wanted.add(dc);
    }
    for (JsonNode w : wanted) {
      String type = w.path("type").asText("");
      String tag = w.path("tag").asText("");
      if (type.isEmpty() || tag.isEmpty()) {
        return badRequest("desired_config needs type and tag");
      }
      Map<String, Map<String, String>> byTag = configs.computeIfAbsent(type, t -> new LinkedHashMap<>());
      if (w.has("properties")) {
        if (byTag.containsKey(tag)) {
          return badRequest("Configuration with tag '" + tag + "' exists for '" + type + "'");
        }
        Map<String, String> props = new TreeMap<>();
        w.get("properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        byTag.put(tag, props);
      } else if (!byTag.containsKey(tag)) {
        return badRequest("Configuration with tag '" + tag + "' does not exist for '" + type + "'");
      }
      desired.put(type, tag);
    }
    return new Response(200, "");
  }

  private Response getConfigurations(Request r) {
    checkCluster(r);
    String type = r.query().get("type");
    String tag = r.query().get("tag");
    List<Object> items = new ArrayList<>();
    configs.forEach((t, byTag) -> byTag.forEach((g, props) -> {
      if ((type == null || type.equals(t)) && (tag == null || tag.equals(g))) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("href", href(r.path() + "?type=" + t + "&tag=" + g));
        item.put("tag", g);
        item.put("type", t);
        item.put("version", version(t, g));
        item.put("Config", Map.of("cluster_name", cluster));
        if (type != null && tag != null) {
          item.put("properties", props);
          item.put("properties_attributes", Map.of());
        }
        items.add(item);
      }
    }));
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  private Map<String, Object> hostJson(AmbariHost h) {
    List<Object> disks = new ArrayList<>();
    for (AmbariHost.Disk d : h.disks()) {
      long pct = d.sizeKb() == 0 ? 0 : Math.round(100.0 * d.usedKb() / d.sizeKb());
      disks.add(Map.of("available", Long.toString(d.availableKb()), "device", d.device(), "used",
          Long.toString(d.usedKb()), "percent", pct + "%", "size", Long.toString(d.sizeKb()), "type", d.type(),
          "mountpoint", d.mountpoint()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cluster_name", cluster);
    out.put("host_name", h.name());
    out.put("public_host_name", h.name());
    out.put("cpu_count", h.cpuCount());
    out.put("ph_cpu_count", h.physicalCpuCount());
    out.put("total_mem", h.totalMemKb());
    out.put("disk_info", disks);
    out.put("host_state", h.hostState());
    out.put("host_status", h.hostStatus());
    out.put("os_arch", "x86_64");
    out.put("os_type", "redhat8");
    out.put("rack_info", "/default-rack");
    return out;
  }

  private Response getHosts(Request r) {
    checkCluster(r);
    List<Object> items = new ArrayList<>();
    hosts.values().forEach(h -> items.add(Map.of("href", href(r.path() + "/" + h.name()), "Hosts", hostJson(h))));
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  private Response getHost(Request r) {
    checkCluster(r);
    AmbariHost h = hosts.get(r.param("host"));
    if (h == null) {
      return notFound("Host not found, hostName=" + r.param("host"));
    }
    List<Object> hostComponents = new ArrayList<>();
    services.forEach((s, comps) -> comps.forEach((comp, on) -> {
      if (on.containsKey(h.name())) {
        hostComponents.add(Map.of("HostRoles", Map.of("cluster_name", cluster, "component_name", comp,
            "host_name", h.name())));
      }
    }));
    return Response.ok(Map.of("href", href(r.path()), "Hosts", hostJson(h), "host_components", hostComponents));
  }

  private String serviceState(String service) {
    boolean allStarted = services.get(service).values().stream()
        .allMatch(on -> on.values().stream().allMatch("STARTED"::equals));
    return allStarted ? "STARTED" : "INSTALLED";
  }

  private Map<String, Map<String, String>> service(Request r) {
    checkCluster(r);
    Map<String, Map<String, String>> s = services.get(r.param("service"));
    if (s == null) {
      throw new Answer(notFound("Service not found, serviceName=" + r.param("service")));
    }
    return s;
  }

  private Response getServices(Request r) {
    checkCluster(r);
    List<Object> items = new ArrayList<>();
    services.keySet().forEach(s -> items.add(Map.of("href", href(r.path() + "/" + s), "ServiceInfo", Map.of(
        "cluster_name", cluster, "service_name", s, "state", serviceState(s)))));
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  private Response getService(Request r) {
    service(r);
    String s = r.param("service");
    return Response.ok(Map.of("href", href(r.path()), "ServiceInfo", Map.of("cluster_name", cluster,
        "service_name", s, "state", serviceState(s))));
  }

  private Response putService(Request r) {
    Map<String, Map<String, String>> s = service(r);
    String state = JsonDoc.at(r.json(), "Body/ServiceInfo/state").asText("");
    if (!state.equals("STARTED") && !state.equals("INSTALLED")) {
      return badRequest("Body/ServiceInfo/state must be STARTED or INSTALLED, not '" + state + "'");
    }
    if (serviceState(r.param("service")).equals(state)) {
      return new Response(200, "");
    }
    s.values().forEach(on -> on.replaceAll((h, old) -> state));
    long id = nextId++;
    requests.put(id, r.json());
    return Response.json(202, Map.of("href", href(API + "/clusters/" + cluster + "/requests/" + id),
        "Requests", Map.of("id", id, "status", "Accepted")));
  }

  private Response getComponent(Request r) {
    Map<String, String> on = service(r).get(r.param("component"));
    if (on == null) {
      return notFound("ServiceComponent not found, componentName=" + r.param("component"));
    }
    long started = on.values().stream().filter("STARTED"::equals).count();
    long installed = on.values().stream().filter("INSTALLED"::equals).count();
    return Response.ok(Map.of("href", href(r.path()), "ServiceComponentInfo", Map.of(
        "cluster_name", cluster, "service_name", r.param("service"), "component_name", r.param("component"),
        "state", started == on.size() ? "STARTED" : "INSTALLED", "started_count", started,
        "installed_count", installed, "total_count", on.size())));
  }

  private Response getHostComponents(Request r) {
    checkCluster(r);
    String component = r.query().get("HostRoles/component_name");
    List<Object> items = new ArrayList<>();
    services.forEach((s, comps) -> comps.forEach((comp, on) -> {
      if (component == null || component.equals(comp)) {
        on.forEach((h, state) -> items.add(Map.of("href", href(API + "/clusters/" + cluster + "/hosts/" + h
            + "/host_components/" + comp), "HostRoles", Map.of("cluster_name", cluster, "component_name", comp,
            "host_name", h, "service_name", s, "state", state))));
      }
    }));
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  private Response postRequest(Request r) {
    checkCluster(r);
    JsonNode body = r.json();
    if (!JsonDoc.at(body, "RequestInfo/command").isTextual() && !JsonDoc.at(body, "RequestInfo/context").isTextual()) {
      return badRequest("RequestInfo needs a command or a context");
    }
    long id = nextId++;
    requests.put(id, body);
    return Response.json(202, Map.of("href", href(r.path() + "/" + id), "Requests", Map.of("id", id,
        "status", "Accepted")));
  }

  private Response getRequest(Request r) {
    checkCluster(r);
    long id = parseId(r.param("id"));
    JsonNode body = requests.get(id);
    if (body == null) {
      return notFound("Request not found, requestId=" + id);
    }
    return Response.ok(Map.of("href", href(r.path()), "Requests", Map.of("id", id, "cluster_name", cluster,
        "request_context", JsonDoc.at(body, "RequestInfo/context").asText(""), "request_status", "COMPLETED",
        "progress_percent", 100.0)));
  }

  private Response getAlerts(Request r) {
    checkCluster(r);
    Set<String> states = null;
    for (String k : r.query().keySet()) {
      if (k.startsWith("Alert/state.in(") && k.endsWith(")")) {
        states = Set.of(k.substring("Alert/state.in(".length(), k.length() - 1).split(","));
      }
    }
    if ("summary".equals(r.query().get("format"))) {
      Map<String, Object> summary = new LinkedHashMap<>();
      for (String s : List.of("OK", "WARNING", "CRITICAL", "UNKNOWN")) {
        summary.put(s, Map.of("count", alerts.stream().filter(a -> a.state().equals(s)).count(),
            "original_timestamp", 0, "maintenance_count", 0));
      }
      return Response.ok(Map.of("href", href(r.path()), "alerts_summary", summary));
    }
    List<Object> items = new ArrayList<>();
    for (AmbariAlert a : alerts) {
      if (states == null || states.contains(a.state())) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("cluster_name", cluster);
        alert.put("id", a.id());
        alert.put("definition_name", a.definition());
        alert.put("label", a.label());
        alert.put("state", a.state());
        alert.put("service_name", a.service());
        alert.put("component_name", a.component());
        alert.put("host_name", a.host().isEmpty() ? null : a.host());
        alert.put("text", a.text());
        alert.put("latest_timestamp", a.latestTimestamp());
        alert.put("original_timestamp", a.latestTimestamp());
        alert.put("maintenance_state", "OFF");
        items.add(Map.of("href", href(r.path() + "/" + a.id()), "Alert", alert));
      }
    }
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  // ----- privileges

  private Map<String, Object> privilegeJson(AmbariPrivilege p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("privilege_id", p.id());
    out.put("permission_name", p.permission());
    out.put("permission_label", label(p.permission()));
    out.put("principal_name", p.principalName());
    out.put("principal_type", p.principalType().name());
    out.put("type", p.type().name());
    switch (p.type()) {
      case CLUSTER -> out.put("cluster_name", p.cluster());
      case VIEW -> {
        out.put("view_name", p.view());
        out.put("version", p.viewVersion());
        out.put("instance_name", p.viewInstance());
      }
      default -> { }
    }
    return out;
  }

  private static String label(String permission) {
    String[] parts = permission.split("\\.");
    String role = parts[parts.length - 1].toLowerCase(Locale.ROOT);
    return parts[0].charAt(0) + parts[0].substring(1).toLowerCase(Locale.ROOT) + " "
        + Character.toUpperCase(role.charAt(0)) + role.substring(1);
  }

  private boolean on(AmbariPrivilege p, ResourceType type, Request r) {
    if (p.type() != type) {
      return false;
    }
    return switch (type) {
      case AMBARI -> true;
      case CLUSTER -> p.cluster().equals(r.param("cluster"));
      case VIEW -> p.view().equals(r.param("view")) && p.viewVersion().equals(r.param("version"))
          && p.viewInstance().equals(r.param("instance"));
    };
  }

  private void checkResource(Request r, ResourceType type) {
    if (type == ResourceType.CLUSTER) {
      checkCluster(r);
    } else if (type == ResourceType.VIEW && !viewInstances.contains(r.param("view") + "/" + r.param("version") + "/"
        + r.param("instance"))) {
      throw new Answer(notFound("View instance not found"));
    }
  }

  private Response listPrivileges(Request r, ResourceType type) {
    checkResource(r, type);
    List<Object> items = new ArrayList<>();
    privileges.values().stream().filter(p -> on(p, type, r)).forEach(p -> items.add(Map.of(
        "href", href(r.path() + "/" + p.id()), "PrivilegeInfo", privilegeJson(p))));
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  private static boolean permissionFits(String permission, ResourceType type) {
    return switch (type) {
      case AMBARI -> permission.equals("AMBARI.ADMINISTRATOR");
      case CLUSTER -> Set.of("CLUSTER.ADMINISTRATOR", "CLUSTER.OPERATOR", "CLUSTER.USER", "SERVICE.ADMINISTRATOR",
          "SERVICE.OPERATOR").contains(permission);
      case VIEW -> permission.equals("VIEW.USER");
    };
  }

  private Response postPrivileges(Request r, ResourceType type) {
    checkResource(r, type);
    JsonNode body = r.json();
    List<JsonNode> entries = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(entries::add);
    } else {
      entries.add(body);
    }
    List<AmbariPrivilege> toAdd = new ArrayList<>();
    for (JsonNode e : entries) {
      String permission = field(e, "PrivilegeInfo", "permission_name");
      String principal = field(e, "PrivilegeInfo", "principal_name");
      String principalType = field(e, "PrivilegeInfo", "principal_type");
      if (permission.isEmpty() || principal.isEmpty() || principalType.isEmpty()) {
        return badRequest("PrivilegeInfo needs permission_name, principal_name and principal_type");
      }
      if (!permissionFits(permission, type)) {
        return badRequest("Permission " + permission + " does not apply to a " + type + " resource");
      }
      PrincipalType pt;
      try {
        pt = PrincipalType.valueOf(principalType);
      } catch (IllegalArgumentException ex) {
        return badRequest("Unknown principal_type " + principalType);
      }
      boolean known = pt == PrincipalType.USER ? users.containsKey(key(principal))
          : pt == PrincipalType.GROUP ? groups.containsKey(key(principal)) : true;
      if (!known) {
        return badRequest("Principal " + pt + " " + principal + " does not exist");
      }
      AmbariPrivilege p = new AmbariPrivilege(0, permission, principal, pt, type,
          type == ResourceType.CLUSTER ? r.param("cluster") : "", r.param("view"), r.param("version"),
          r.param("instance"));
      boolean duplicate = privileges.values().stream().anyMatch(q -> on(q, type, r)
          && q.permission().equals(permission) && q.principalType() == pt
          && q.principalName().equalsIgnoreCase(principal));
      if (duplicate) {
        return Response.error(409, "Privilege " + permission + " of " + principal + " already exists");
      }
      toAdd.add(p);
    }
    toAdd.forEach(this::grant);
    return new Response(201, "");
  }

  private Response deletePrivilege(Request r, ResourceType type) {
    checkResource(r, type);
    long id = parseId(r.param("id"));
    AmbariPrivilege p = privileges.get(id);
    if (p == null || !on(p, type, r)) {
      return notFound("Privilege not found, privilegeId=" + id);
    }
    privileges.remove(id);
    return new Response(200, "");
  }

  private Response getInstance(Request r) {
    checkResource(r, ResourceType.VIEW);
    return Response.ok(Map.of("href", href(r.path()), "ViewInstanceInfo", Map.of("view_name", r.param("view"),
        "version", r.param("version"), "instance_name", r.param("instance"), "visible", true)));
  }

  // ----- users and groups

  private Response listUsers() {
    List<Object> items = new ArrayList<>();
    users.values().forEach(u -> items.add(Map.of("href", href(API + "/users/" + u.name()),
        "Users", Map.of("user_name", u.name()))));
    return Response.ok(Map.of("href", href(API + "/users"), "items", items));
  }

  private List<Object> privilegesOf(PrincipalType type, String name, String path) {
    List<Object> out = new ArrayList<>();
    for (AmbariPrivilege p : privileges.values()) {
      boolean direct = p.principalType() == type && p.principalName().equalsIgnoreCase(name);
      boolean viaGroup = type == PrincipalType.USER && p.principalType() == PrincipalType.GROUP
          && members(groups.get(key(p.principalName()))).contains(key(name));
      if (direct || viaGroup) {
        Map<String, Object> info = privilegeJson(p);
        info.put(type == PrincipalType.USER ? "user_name" : "group_name", name);
        out.add(Map.of("href", href(path + "/privileges/" + p.id()), "PrivilegeInfo", info));
      }
    }
    return out;
  }

  private static Set<String> members(GroupRec g) {
    Set<String> out = new LinkedHashSet<>();
    if (g != null) {
      g.members().forEach(m -> out.add(key(m)));
    }
    return out;
  }

  private UserRec user(Request r) {
    UserRec u = users.get(key(r.param("user")));
    if (u == null) {
      throw new Answer(notFound("User not found, userName=" + r.param("user")));
    }
    return u;
  }

  private Response getUser(Request r) {
    UserRec u = user(r);
    List<String> in = new ArrayList<>();
    groups.values().forEach(g -> {
      if (members(g).contains(key(u.name()))) {
        in.add(g.name());
      }
    });
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("user_name", u.name());
    info.put("local_user_name", u.name());
    info.put("display_name", u.displayName());
    info.put("active", u.active());
    info.put("admin", privileges.values().stream().anyMatch(p -> p.type() == ResourceType.AMBARI
        && p.principalType() == PrincipalType.USER && p.principalName().equalsIgnoreCase(u.name())));
    info.put("consecutive_failures", 0);
    info.put("groups", in);
    info.put("ldap_user", "LDAP".equals(u.type()));
    info.put("user_type", u.type());
    String path = API + "/users/" + u.name();
    return Response.ok(Map.of("href", href(path), "Users", info, "privileges",
        privilegesOf(PrincipalType.USER, u.name(), path)));
  }

  private Response userPrivileges(Request r) {
    UserRec u = user(r);
    String path = API + "/users/" + u.name();
    return Response.ok(Map.of("href", href(r.path()), "items", privilegesOf(PrincipalType.USER, u.name(), path)));
  }

  private Response postUser(Request r) {
    JsonNode body = r.json();
    String name = field(body, "Users", "user_name");
    if (name.isEmpty()) {
      return badRequest("Users/user_name is required");
    }
    if (users.containsKey(key(name))) {
      return Response.error(409, "User already exists: " + name);
    }
    String display = field(body, "Users", "display_name");
    JsonNode active = nested(body, "Users", "active");
    users.put(key(name), new UserRec(name, display.isEmpty() ? name : display,
        active.isMissingNode() || active.asBoolean(), "LOCAL"));
    return new Response(201, "");
  }

  private Response putUser(Request r) {
    UserRec u = user(r);
    JsonNode body = r.json();
    JsonNode active = nested(body, "Users", "active");
    String display = field(body, "Users", "display_name");
    users.put(key(u.name()), new UserRec(u.name(), display.isEmpty() ? u.displayName() : display,
        active.isMissingNode() ? u.active() : active.asBoolean(), u.type()));
    return new Response(200, "");
  }

  private Response listGroups() {
    List<Object> items = new ArrayList<>();
    groups.values().forEach(g -> items.add(Map.of("href", href(API + "/groups/" + g.name()),
        "Groups", Map.of("group_name", g.name()))));
    return Response.ok(Map.of("href", href(API + "/groups"), "items", items));
  }

  private GroupRec group(Request r) {
    GroupRec g = groups.get(key(r.param("group")));
    if (g == null) {
      throw new Answer(notFound("Group not found, groupName=" + r.param("group")));
    }
    return g;
  }

  private Response getGroup(Request r) {
    GroupRec g = group(r);
    String path = API + "/groups/" + g.name();
    return Response.ok(Map.of("href", href(path), "Groups", Map.of("group_name", g.name(), "group_type", g.type(),
        "ldap_group", "LDAP".equals(g.type())), "privileges", privilegesOf(PrincipalType.GROUP, g.name(), path)));
  }

  private Response getMembers(Request r) {
    GroupRec g = group(r);
    List<Object> items = new ArrayList<>();
    g.members().forEach(m -> items.add(Map.of("href", href(r.path() + "/" + m), "MemberInfo", Map.of(
        "group_name", g.name(), "user_name", m))));
    return Response.ok(Map.of("href", href(r.path()), "items", items));
  }

  private Response postGroup(Request r) {
    String name = field(r.json(), "Groups", "group_name");
    if (name.isEmpty()) {
      return badRequest("Groups/group_name is required");
    }
    if (groups.containsKey(key(name))) {
      return Response.error(409, "Group already exists: " + name);
    }
    groups.put(key(name), new GroupRec(name, "LOCAL", new LinkedHashSet<>()));
    return new Response(201, "");
  }

  private Response postMember(Request r) {
    GroupRec g = group(r);
    String user = field(r.json(), "MemberInfo", "user_name");
    if (!users.containsKey(key(user))) {
      return badRequest("User " + user + " does not exist");
    }
    if (members(g).contains(key(user))) {
      return Response.error(409, "User " + user + " is already a member of " + g.name());
    }
    g.members().add(users.get(key(user)).name());
    return new Response(201, "");
  }

  private Response deleteMember(Request r) {
    GroupRec g = group(r);
    String user = r.param("user");
    if (!g.members().removeIf(m -> m.equalsIgnoreCase(user))) {
      return notFound("User " + user + " is not a member of " + g.name());
    }
    return new Response(200, "");
  }

  // ----- helpers

  /** Ambari accepts both {@code {"Users":{"user_name":..}}} and the flat {@code {"Users/user_name":..}}. */
  private static JsonNode nested(JsonNode body, String category, String field) {
    JsonNode n = body.path(category).path(field);
    return n.isMissingNode() ? body.path(category + "/" + field) : n;
  }

  private static String field(JsonNode body, String category, String field) {
    JsonNode n = nested(body, category, field);
    return n.isTextual() ? n.asText() : "";
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static long parseId(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new Answer(Response.error(400, "Invalid id '" + s + "'"));
    }
  }

  private static Response badRequest(String message) {
    return Response.error(400, message);
  }

  private static Response notFound(String message) {
    return Response.error(404, "The requested resource doesn't exist: " + message);
  }
}
