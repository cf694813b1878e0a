package dev.tandem.ranger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An access policy of Ranger (public API v2, {@code policyType} 0): which resources it covers and who may
 * (or may not) do what on them. Masking and row-filter policies are not modelled.
 *
 * @param id Ranger's id, 0 for a policy not yet created
 * @param service the Ranger service it belongs to, e.g. {@code cl1_hadoop}
 * @param resources resource name ({@code path}, {@code database}, {@code table}, {@code column}) → values
 */
public record RangerPolicy(long id, String name, String service, String description, boolean enabled,
    boolean auditEnabled, int priority, Map<String, Resource> resources, List<Item> allow, List<Item> deny,
    List<Item> allowExceptions, List<Item> denyExceptions, List<String> labels) {

  public RangerPolicy {
    description = description == null ? "" : description;
    resources = java.util.Collections.unmodifiableMap(new TreeMap<>(resources));
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    allowExceptions = List.copyOf(allowExceptions);
    denyExceptions = List.copyOf(denyExceptions);
    labels = List.copyOf(labels);
  }

  /** Values of one resource; {@code recursive} makes a path cover everything below it. */
  public record Resource(List<String> values, boolean excludes, boolean recursive) {
    public Resource {
      values = List.copyOf(values);
    }
  }

  /** Who ({@code users}, {@code groups}, {@code roles}) gets which {@code accesses}, under which conditions. */
  public record Item(List<Access> accesses, List<String> users, List<String> groups, List<String> roles,
      List<Condition> conditions, boolean delegateAdmin) {
    public Item {
      accesses = List.copyOf(accesses);
      users = List.copyOf(users);
      groups = List.copyOf(groups);
      roles = List.copyOf(roles);
      conditions = List.copyOf(conditions);
    }
  }

  public record Access(String type, boolean allowed) {}

  public record Condition(String type, List<String> values) {
    public Condition {
      values = List.copyOf(values);
    }
  }

  /** The same policy as it would be created in another service, without its identity there. */
  public RangerPolicy in(String otherService, long otherId) {
    return new RangerPolicy(otherId, name, otherService, description, enabled, auditEnabled, priority, resources, allow,
        deny, allowExceptions, denyExceptions, labels);
  }

  /** Equal content, whatever the id and service: what decides whether a copy needs an update. */
  public boolean sameContent(RangerPolicy o) {
    return in("", 0).equals(o.in("", 0));
  }
}
