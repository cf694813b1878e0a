package dev.tandem.ambari;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.AmbariPrivilege.ResourceType;
import dev.tandem.http.JsonDoc;
import dev.tandem.http.JsonHttp;
import dev.tandem.http.RestEndpoint;
import dev.tandem.model.ClusterSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The slice of Ambari's REST API ({@code /api/v1}) that Tandem uses: clusters, hosts and their resources,
 * service and component state, configurations, users, groups and privileges, alerts, and the one custom
 * command Tandem issues (refresh of YARN's queues). Every answer is checked against the documented resource;
 * an answer that lacks a documented field fails with {@link dev.tandem.http.RemoteServiceException}. Writes
 * carry {@code X-Requested-By}, without which Ambari refuses them. Thread-safe.
 */
public final class AmbariClient {
  public static final String API = "/api/v1";
  public static final String REQUESTED_BY = "X-Requested-By";

  private final JsonHttp http;

  public AmbariClient(RestEndpoint endpoint) {
    this.http = new JsonHttp("Ambari", endpoint, Map.of(REQUESTED_BY, "tandem"));
  }

  public RestEndpoint endpoint() {
    return http.endpoint();
  }

  // ----- clusters, hosts, state

  public List<String> clusters() {
    JsonDoc d = http.get(API + "/clusters");
    List<String> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      out.add(d.text(item, "Clusters/cluster_name"));
    }
    return out;
  }

  public AmbariCluster cluster(String cluster) {
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster)
        + "?fields=Clusters/cluster_name,Clusters/version,Clusters/desired_configs");
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode configs = d.object(d.root(), "Clusters/desired_configs");
    for (var it = configs.fields(); it.hasNext(); ) {
      var e = it.next();
      tags.put(e.getKey(), d.text(e.getValue(), "tag"));
    }
    return new AmbariCluster(d.text(d.root(), "Clusters/cluster_name"), d.optionalText(d.root(), "Clusters/version", ""),
        tags);
  }

  public List<AmbariHost> hosts(String cluster) {
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/hosts?fields=Hosts/host_name,Hosts/cpu_count,"
        + "Hosts/ph_cpu_count,Hosts/total_mem,Hosts/disk_info,Hosts/host_state,Hosts/host_status");
    List<AmbariHost> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      JsonNode h = d.object(item, "Hosts");
      List<AmbariHost.Disk> disks = new ArrayList<>();
      for (JsonNode disk : d.array(h, "disk_info")) {
        disks.add(new AmbariHost.Disk(d.text(disk, "mountpoint"), d.optionalText(disk, "type", ""),
            d.optionalText(disk, "device", ""), d.number(disk, "size"), d.number(disk, "used"),
            d.number(disk, "available")));
      }
      out.add(new AmbariHost(d.text(h, "host_name"), (int) d.number(h, "cpu_count"), (int) d.number(h, "ph_cpu_count"),
          d.number(h, "total_mem"), disks, d.text(h, "host_state"), d.text(h, "host_status")));
    }
    return out;
  }

  /** The site's resources as its hosts report them; see {@link ClusterSpecs#fromHosts}. */
  public ClusterSpec clusterSpec(String cluster) {
    return ClusterSpecs.fromHosts(hosts(cluster));
  }

  /** Service name → state ({@code STARTED}, {@code INSTALLED}, ...). */
  public Map<String, String> services(String cluster) {
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/services?fields=ServiceInfo/service_name,ServiceInfo/state");
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode item : d.items()) {
      out.put(d.text(item, "ServiceInfo/service_name"), d.text(item, "ServiceInfo/state"));
    }
    return out;
  }

  public AmbariComponent component(String cluster, String service, String component) {
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/services/" + seg(service) + "/components/"
        + seg(component) + "?fields=ServiceComponentInfo/*");
    JsonNode c = d.object(d.root(), "ServiceComponentInfo");
    return new AmbariComponent(d.text(c, "service_name"), d.text(c, "component_name"), d.text(c, "state"),
        (int) d.number(c, "started_count"), (int) d.number(c, "installed_count"), (int) d.number(c, "total_count"));
  }

  public List<AmbariHostComponent> hostComponents(String cluster, String component) {
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/host_components?HostRoles/component_name="
        + seg(component) + "&fields=HostRoles/host_name,HostRoles/component_name,HostRoles/state");
    List<AmbariHostComponent> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      out.add(new AmbariHostComponent(d.text(item, "HostRoles/host_name"), d.text(item, "HostRoles/component_name"),
          d.text(item, "HostRoles/state")));
    }
    return out;
  }

  /**
   * Starts ({@code STARTED}) or stops ({@code INSTALLED}) a service. Returns the id of the request Ambari
   * queued, or empty when the service already was in that state.
   */
  public Optional<Long> setServiceState(String cluster, String service, String state, String context) {
    JsonDoc d = http.send("PUT", API + "/clusters/" + seg(cluster) + "/services/" + seg(service), Map.of(
        "RequestInfo", Map.of("context", context),
        "Body", Map.of("ServiceInfo", Map.of("state", state))));
    return requestId(d);
  }

  // ----- configurations

  /**
   * The configuration of {@code type} the cluster is meant to run with (its desired tag); empty when the
   * cluster has none of that type (its service is not installed).
   */
  public Optional<AmbariConfig> desiredConfig(String cluster, String type) {
    String tag = cluster(cluster).desiredConfigs().get(type);
    if (tag == null) {
      return Optional.empty();
    }
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/configurations?type=" + seg(type) + "&tag=" + seg(tag));
    List<JsonNode> items = d.items();
    if (items.size() != 1) {
      throw d.inconsistent(items.size() + " configurations of type " + type + " with tag " + tag + ", expected 1");
    }
    JsonNode props = d.object(items.get(0), "properties");
    Map<String, String> properties = new LinkedHashMap<>();
    for (var it = props.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw d.invalid("properties/" + e.getKey(), "a string");
      }
      properties.put(e.getKey(), e.getValue().asText());
    }
    return Optional.of(new AmbariConfig(d.text(items.get(0), "type"), d.text(items.get(0), "tag"), properties));
  }

  /** Creates configuration {@code type}/{@code tag} and makes it the desired one, in one call. */
  public void putDesiredConfig(String cluster, AmbariConfig config, String note) {
    http.send("PUT", API + "/clusters/" + seg(cluster), Map.of("Clusters", Map.of("desired_config", Map.of(
        "type", config.type(), "tag", config.tag(), "properties", config.properties(),
        "service_config_version_note", note))));
  }

  /**
   * Asks Ambari to have the ResourceManagers re-read {@code capacity-scheduler} (the "Refresh YARN Capacity
   * Scheduler" action). Returns the request id.
   */
  public long refreshYarnQueues(String cluster) {
    List<String> hosts = hostComponents(cluster, "RESOURCEMANAGER").stream().map(AmbariHostComponent::host).toList();
    if (hosts.isEmpty()) {
      throw new dev.tandem.http.RemoteServiceException("Ambari cluster " + cluster + " has no RESOURCEMANAGER", 0);
    }
    JsonDoc d = http.send("POST", API + "/clusters/" + seg(cluster) + "/requests", Map.of(
        "RequestInfo", Map.of("context", "Refresh YARN Capacity Scheduler", "command", "REFRESHQUEUES",
            "parameters/forceRefreshConfigTags", "capacity-scheduler"),
        "Requests/resource_filters", List.of(Map.of("service_name", "YARN", "component_name", "RESOURCEMANAGER",
            "hosts", String.join(",", hosts)))));
    return requestId(d).orElseThrow(() -> d.invalid("Requests/id", "the id of the queued request"));
  }

  // ----- users, groups, privileges

  public List<String> users() {
    JsonDoc d = http.get(API + "/users");
    List<String> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      out.add(d.text(item, "Users/user_name"));
    }
    return out;
  }

  public Optional<AmbariUser> user(String name) {
    return http.find(API + "/users/" + seg(name) + "?fields=Users/*,privileges/PrivilegeInfo/*").map(d -> {
      JsonNode r = d.root();
      String userName = d.text(r, "Users/user_name");
      if (!userName.equalsIgnoreCase(name)) {
        throw d.inconsistent("asked for user " + name + ", got " + userName);
      }
      return new AmbariUser(userName, d.optionalText(r, "Users/display_name", userName), d.bool(r, "Users/active"),
          d.optionalText(r, "Users/user_type", "LOCAL"), d.texts(r, "Users/groups"),
          privileges(d, r, PrincipalType.USER, userName));
    });
  }

  /** Creates a user without any password or authentication source: it exists, but cannot sign in yet. */
  public void createUser(String name, String displayName, boolean active) {
    http.send("POST", API + "/users", Map.of("Users", Map.of("user_name", name, "display_name", displayName,
        "active", active)));
  }

  public void setUserActive(String name, boolean active) {
    http.send("PUT", API + "/users/" + seg(name), Map.of("Users", Map.of("active", active)));
  }

  public List<String> groups() {
    JsonDoc d = http.get(API + "/groups");
    List<String> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      out.add(d.text(item, "Groups/group_name"));
    }
    return out;
  }

  public Optional<AmbariGroup> group(String name) {
    return http.find(API + "/groups/" + seg(name) + "?fields=Groups/*,privileges/PrivilegeInfo/*").map(d -> {
      JsonNode g = d.object(d.root(), "Groups");
      String groupName = d.text(d.root(), "Groups/group_name");
      if (!groupName.equalsIgnoreCase(name)) {
        throw d.inconsistent("asked for group " + name + ", got " + groupName);
      }
      JsonDoc m = http.get(API + "/groups/" + seg(name) + "/members?fields=MemberInfo/*");
      List<String> members = new ArrayList<>();
      for (JsonNode item : m.items()) {
        members.add(m.text(item, "MemberInfo/user_name"));
      }
      String type = d.optionalText(g, "group_type", d.optionalBool(g, "ldap_group", false) ? "LDAP" : "LOCAL");
      return new AmbariGroup(groupName, type, members, privileges(d, d.root(), PrincipalType.GROUP, groupName));
    });
  }

  public void createGroup(String name) {
    http.send("POST", API + "/groups", Map.of("Groups", Map.of("group_name", name)));
  }

  public void addMember(String group, String user) {
    http.send("POST", API + "/groups/" + seg(group) + "/members", Map.of("MemberInfo", Map.of("group_name", group,
        "user_name", user)));
  }

  public void removeMember(String group, String user) {
    http.send("DELETE", API + "/groups/" + seg(group) + "/members/" + seg(user), null);
  }

  /** Grants on the cluster and its services ({@code CLUSTER.*}, {@code SERVICE.*}), to users, groups and roles. */
  public List<AmbariPrivilege> clusterPrivileges(String cluster) {
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/privileges?fields=PrivilegeInfo/*");
    List<AmbariPrivilege> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      out.add(privilege(d, d.object(item, "PrivilegeInfo")));
    }
    return out;
  }

  /** Whether a view instance exists; view privileges can only be granted on an existing one. */
  public boolean viewInstanceExists(String view, String version, String instance) {
    return http.find(API + "/views/" + seg(view) + "/versions/" + seg(version) + "/instances/" + seg(instance))
        .isPresent();
  }

  /** Grants {@code p} (its id is ignored). */
  public void grant(AmbariPrivilege p) {
    http.send("POST", privilegesPath(p), List.of(Map.of("PrivilegeInfo", Map.of("permission_name", p.permission(),
        "principal_name", p.principalName(), "principal_type", p.principalType().name()))));
  }

  /** Revokes the grant with {@code p.id()}. */
  public void revoke(AmbariPrivilege p) {
    http.send("DELETE", privilegesPath(p) + "/" + p.id(), null);
  }

  // ----- alerts

  /** Current alerts of the cluster in any of {@code states} (all when empty). */
  public List<AmbariAlert> alerts(String cluster, Collection<String> states) {
    String filter = states.isEmpty() ? "" : "&Alert/state.in(" + String.join(",", states) + ")";
    JsonDoc d = http.get(API + "/clusters/" + seg(cluster) + "/alerts?fields=*" + filter);
    List<AmbariAlert> out = new ArrayList<>();
    for (JsonNode item : d.items()) {
      JsonNode a = d.object(item, "Alert");
      out.add(new AmbariAlert(d.number(a, "id"), d.text(a, "definition_name"), d.optionalText(a, "label", ""),
          d.text(a, "state"), d.optionalText(a, "service_name", ""), d.optionalText(a, "component_name", ""),
          d.optionalText(a, "host_name", ""), d.optionalText(a, "text", ""), d.number(a, "latest_timestamp")));
    }
    return out;
  }

  // ----- helpers

  private String privilegesPath(AmbariPrivilege p) {
    return switch (p.type()) {
      case AMBARI -> API + "/privileges";
      case CLUSTER -> API + "/clusters/" + seg(p.cluster()) + "/privileges";
      case VIEW -> API + "/views/" + seg(p.view()) + "/versions/" + seg(p.viewVersion()) + "/instances/"
          + seg(p.viewInstance()) + "/privileges";
    };
  }

  /** The grants made to {@code principal} itself; those it inherits through a group are the group's. */
  private static List<AmbariPrivilege> privileges(JsonDoc d, JsonNode root, PrincipalType type, String principal) {
    List<AmbariPrivilege> out = new ArrayList<>();
    for (JsonNode item : d.array(root, "privileges")) {
      AmbariPrivilege p = privilege(d, d.object(item, "PrivilegeInfo"));
      if (p.principalType() == type && p.principalName().equalsIgnoreCase(principal)) {
        out.add(p);
      }
    }
    return out;
  }

  private static AmbariPrivilege privilege(JsonDoc d, JsonNode p) {
    PrincipalType principalType = enumValue(d, p, "principal_type", PrincipalType.class);
    ResourceType type = enumValue(d, p, "type", ResourceType.class);
    String cluster = type == ResourceType.CLUSTER ? d.text(p, "cluster_name") : "";
    String view = type == ResourceType.VIEW ? d.text(p, "view_name") : "";
    String version = type == ResourceType.VIEW ? d.text(p, "version") : "";
    String instance = type == ResourceType.VIEW ? d.text(p, "instance_name") : "";
    return new AmbariPrivilege(d.number(p, "privilege_id"), d.text(p, "permission_name"), d.text(p, "principal_name"),
        principalType, type, cluster, view, version, instance);
  }

  private static <E extends Enum<E>> E enumValue(JsonDoc d, JsonNode node, String field, Class<E> type) {
    String v = d.text(node, field);
    try {
      return Enum.valueOf(type, v);
    } catch (IllegalArgumentException e) {
      throw d.invalid(field, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  private static Optional<Long> requestId(JsonDoc d) {
    JsonNode id = JsonDoc.at(d.root(), "Requests/id");
    return id.isIntegralNumber() ? Optional.of(id.asLong()) : Optional.empty();
  }

  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
