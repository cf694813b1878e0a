package dev.tandem.ranger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.http.JsonDoc;
import dev.tandem.http.JsonHttp;
import dev.tandem.http.RestEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The slice of Ranger's public REST API v2 ({@code /service/public/v2/api}) that Tandem uses: services by
 * type, and the access policies of a service (search, get by name, create, update, delete). Every answer is
 * checked against the documented resource. Thread-safe.
 */
public final class RangerClient {
  public static final String API = "/service/public/v2/api";

  private final JsonHttp http;

  public RangerClient(RestEndpoint endpoint) {
    this.http = new JsonHttp("Ranger", endpoint, Map.of());
  }

  public RestEndpoint endpoint() {
    return http.endpoint();
  }

  public List<RangerService> services(String type) {
    JsonDoc d = http.get(API + "/service?serviceType=" + seg(type));
    List<RangerService> out = new ArrayList<>();
    for (JsonNode s : d.array(wrap(d), "list")) {
      out.add(new RangerService(d.number(s, "id"), d.text(s, "name"), d.text(s, "type"),
          d.optionalBool(s, "isEnabled", true)));
    }
    return out;
  }

  /** Every policy of {@code service}: the access policies in full, the others by name and resources. */
  public RangerListing policies(String service) {
    JsonDoc d = http.get(API + "/service/" + seg(service) + "/policy");
    List<RangerPolicy> carried = new ArrayList<>();
    List<RangerListing.Uncarried> uncarried = new ArrayList<>();
    for (JsonNode p : d.array(wrap(d), "list")) {
      List<String> reasons = uncarried(p);
      if (reasons.isEmpty()) {
        carried.add(parse(d, p));
      } else {
        uncarried.add(new RangerListing.Uncarried(d.text(p, "name"), resources(d, p), reasons));
      }
    }
    return new RangerListing(carried, uncarried);
  }

  public Optional<RangerPolicy> policy(String service, String name) {
    return http.find(API + "/service/" + seg(service) + "/policy/" + seg(name)).map(d -> parse(d, d.root()));
  }

  /** Creates {@code p} in {@code p.service()}; returns it as Ranger stored it (with its id). */
  public RangerPolicy create(RangerPolicy p) {
    JsonDoc d = http.send("POST", API + "/policy", json(p, false));
    return parse(d, d.root());
  }

  public RangerPolicy update(RangerPolicy p) {
    JsonDoc d = http.send("PUT", API + "/policy/" + p.id(), json(p, true));
    return parse(d, d.root());
  }

  public void delete(long id) {
    http.send("DELETE", API + "/policy/" + id, null);
  }

  /** Lists come as a bare array; wraps them so the strict accessors apply. */
  private static JsonNode wrap(JsonDoc d) {
    var node = JsonHttp.mapper().createObjectNode();
    node.set("list", d.root());
    return node;
  }

  /** Reasons an access policy cannot be carried faithfully; empty when it can. */
  public static List<String> uncarried(JsonNode raw) {
    List<String> out = new ArrayList<>();
    if (raw.path("policyType").asInt(0) != 0) {
      out.add("policy type " + raw.path("policyType").asInt() + " (masking or row filter)");
    }
    if (raw.path("validitySchedules").size() > 0) {
      out.add("validity schedules");
    }
    if (!raw.path("zoneName").asText("").isEmpty()) {
      out.add("security zone " + raw.path("zoneName").asText());
    }
    return out;
  }

  /** Parses the documented JSON of one access policy (as the fake stores it, too). */
  public static RangerPolicy policy(JsonDoc d) {
    return parse(d, d.root());
  }

  static RangerPolicy parse(JsonDoc d, JsonNode p) {
    if (!p.isObject()) {
      throw d.invalid("policy", "an object");
    }
    List<String> problems = uncarried(p);
    if (!problems.isEmpty()) {
      throw d.inconsistent("policy '" + p.path("name").asText("?") + "' uses what Tandem does not carry: "
          + String.join(", ", problems));
    }
    return new RangerPolicy(d.number(p, "id"), d.text(p, "name"), d.text(p, "service"),
        d.optionalText(p, "description", ""), d.optionalBool(p, "isEnabled", true),
        d.optionalBool(p, "isAuditEnabled", true), (int) (JsonDoc.at(p, "policyPriority").isMissingNode() ? 0
        : d.number(p, "policyPriority")), resources(d, p), items(d, p, "policyItems"), items(d, p, "denyPolicyItems"),
        items(d, p, "allowExceptions"), items(d, p, "denyExceptions"), d.texts(p, "policyLabels"));
  }

  private static Map<String, RangerPolicy.Resource> resources(JsonDoc d, JsonNode p) {
    Map<String, RangerPolicy.Resource> resources = new LinkedHashMap<>();
    JsonNode res = d.object(p, "resources");
    if (res.size() == 0) {
      throw d.invalid("resources", "a non-empty object");
    }
    for (var it = res.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode r = e.getValue();
      List<String> values = d.texts(r, "values");
      if (values.isEmpty()) {
        throw d.invalid("resources/" + e.getKey() + "/values", "a non-empty array of strings");
      }
      resources.put(e.getKey(), new RangerPolicy.Resource(values, d.optionalBool(r, "isExcludes", false),
          d.optionalBool(r, "isRecursive", false)));
    }
    return resources;
  }

  private static List<RangerPolicy.Item> items(JsonDoc d, JsonNode p, String field) {
    JsonNode n = JsonDoc.at(p, field);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    List<RangerPolicy.Item> out = new ArrayList<>();
    for (JsonNode item : d.array(p, field)) {
      List<RangerPolicy.Access> accesses = new ArrayList<>();
      for (JsonNode a : d.array(item, "accesses")) {
        accesses.add(new RangerPolicy.Access(d.text(a, "type"), d.optionalBool(a, "isAllowed", true)));
      }
      List<RangerPolicy.Condition> conditions = new ArrayList<>();
      JsonNode cs = JsonDoc.at(item, "conditions");
      if (!cs.isMissingNode() && !cs.isNull()) {
        for (JsonNode c : d.array(item, "conditions")) {
          conditions.add(new RangerPolicy.Condition(d.text(c, "type"), d.texts(c, "values")));
        }
      }
      out.add(new RangerPolicy.Item(accesses, d.texts(item, "users"), d.texts(item, "groups"), d.texts(item, "roles"),
          conditions, d.optionalBool(item, "delegateAdmin", false)));
    }
    return out;
  }

  /** The documented JSON of a policy. */
  public static Map<String, Object> json(RangerPolicy p, boolean withId) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (withId) {
      out.put("id", p.id());
    }
    out.put("name", p.name());
    out.put("service", p.service());
    out.put("description", p.description());
    out.put("isEnabled", p.enabled());
    out.put("isAuditEnabled", p.auditEnabled());
    out.put("policyType", 0);
    out.put("policyPriority", p.priority());
    Map<String, Object> resources = new LinkedHashMap<>();
    p.resources().forEach((k, r) -> resources.put(k, Map.of("values", r.values(), "isExcludes", r.excludes(),
        "isRecursive", r.recursive())));
    out.put("resources", resources);
    out.put("policyItems", items(p.allow()));
    out.put("denyPolicyItems", items(p.deny()));
    out.put("allowExceptions", items(p.allowExceptions()));
    out.put("denyExceptions", items(p.denyExceptions()));
    out.put("policyLabels", p.labels());
    return out;
  }

  private static List<Object> items(List<RangerPolicy.Item> items) {
    List<Object> out = new ArrayList<>();
    for (RangerPolicy.Item i : items) {
      out.add(Map.of(
          "accesses", i.accesses().stream().map(a -> Map.of("type", a.type(), "isAllowed", a.allowed())).toList(),
          "users", i.users(), "groups", i.groups(), "roles", i.roles(),
          "conditions", i.conditions().stream().map(c -> Map.of("type", c.type(), "values", c.values())).toList(),
          "delegateAdmin", i.delegateAdmin()));
    }
    return out;
  }

  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
