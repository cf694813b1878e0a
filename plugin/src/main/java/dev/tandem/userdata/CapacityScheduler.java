package dev.tandem.userdata;

import dev.tandem.http.RemoteServiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The capacity scheduler's configuration as Ambari keeps it: one property per key, or (as older Ambari views
 * wrote it) all of them as {@code key=value} lines in one property named {@code capacity-scheduler}. Either
 * form reads into the same key → value map and is written back in the form it came in.
 */
final class CapacityScheduler {
  static final String PREFIX = "yarn.scheduler.capacity.";
  static final String COMBINED = "capacity-scheduler";
  private static final List<String> SIBLING_SETTINGS = List.of("capacity", "maximum-capacity");

  private final Map<String, String> props;
  private final Map<String, String> others;
  private final boolean combined;

  private CapacityScheduler(Map<String, String> props, Map<String, String> others, boolean combined) {
    this.props = props;
    this.others = others;
    this.combined = combined;
  }

  /** @param where names the configuration in messages */
  static CapacityScheduler parse(Map<String, String> ambari, String where) {
    Map<String, String> props = new TreeMap<>();
    Map<String, String> others = new TreeMap<>();
    boolean combined = ambari.containsKey(COMBINED);
    if (combined) {
      for (String line : ambari.get(COMBINED).split("\\R")) {
        String l = line.trim();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int eq = l.indexOf('=');
        if (eq <= 0) {
          throw new RemoteServiceException("Malformed capacity-scheduler in " + where + ": line '" + l
              + "' is not key=value", 0);
        }
        props.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
      }
      ambari.forEach((k, v) -> {
        if (!k.equals(COMBINED)) {
          others.put(k, v);
        }
      });
    } else {
      props.putAll(ambari);
    }
    CapacityScheduler cs = new CapacityScheduler(props, others, combined);
    if (cs.children("root").isEmpty()) {
      throw new RemoteServiceException("Malformed capacity-scheduler in " + where + ": no " + PREFIX
          + "root.queues (partial configuration?)", 0);
    }
    return cs;
  }

  CapacityScheduler copy() {
    return new CapacityScheduler(new TreeMap<>(props), others, combined);
  }

  /** The configuration's keys and values, scheduler keys flattened. */
  Map<String, String> flat() {
    return java.util.Collections.unmodifiableMap(props);
  }

  /** Back into Ambari's properties, in the form they came in. */
  Map<String, String> toAmbari() {
    if (!combined) {
      return new TreeMap<>(props);
    }
    StringBuilder b = new StringBuilder();
    props.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Map<String, String> out = new TreeMap<>(others);
    out.put(COMBINED, b.toString());
    return out;
  }

  List<String> children(String queue) {
    String v = props.get(PREFIX + queue + ".queues");
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Every queue path, parents first. */
  List<String> queues() {
    List<String> out = new ArrayList<>();
    List<String> todo = new ArrayList<>(List.of("root"));
    while (!todo.isEmpty()) {
      String q = todo.remove(0);
      out.add(q);
      children(q).forEach(c -> todo.add(q + "." + c));
    }
    return out;
  }

  /** The queue's own settings: its keys, minus those that belong to its children. */
  Map<String, String> settings(String queue) {
    String prefix = PREFIX + queue + ".";
    List<String> children = children(queue);
    Map<String, String> out = new TreeMap<>();
    props.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        String attr = k.substring(prefix.length());
        if (children.stream().noneMatch(c -> attr.startsWith(c + "."))) {
          out.put(attr, v);
        }
      }
    });
    return out;
  }

  /** Tenants named {@code name}: queues with that leaf name (not nested in another such queue). */
  List<Tenants.Tenant> tenants(String name) {
    List<Tenants.Tenant> out = new ArrayList<>();
    for (String q : queues()) {
      if (!q.equals("root") && q.substring(q.lastIndexOf('.') + 1).equals(name)
          && out.stream().noneMatch(t -> q.startsWith(t.queue() + "."))) {
        out.add(tenant(q));
      }
    }
    return out;
  }

  private Tenants.Tenant tenant(String queue) {
    String parent = queue.substring(0, queue.lastIndexOf('.'));
    String leaf = queue.substring(parent.length() + 1);
    Map<String, Map<String, String>> siblings = new LinkedHashMap<>();
    for (String s : children(parent)) {
      if (!s.equals(leaf)) {
        Map<String, String> settings = new TreeMap<>();
        for (String attr : SIBLING_SETTINGS) {
          String v = props.get(PREFIX + parent + "." + s + "." + attr);
          if (v != null) {
            settings.put(attr, v);
          }
        }
        siblings.put(s, settings);
      }
    }
    List<Tenants.Queue> queues = new ArrayList<>();
    List<String> todo = new ArrayList<>(List.of(queue));
    while (!todo.isEmpty()) {
      String q = todo.remove(0);
      queues.add(new Tenants.Queue(q, settings(q)));
      children(q).forEach(c -> todo.add(q + "." + c));
    }
    return new Tenants.Tenant(queue, siblings, queues);
  }

  /**
   * Puts {@code t} into this configuration: the tenant's subtree replaced by the captured one, the tenant
   * added to its parent's queues, its siblings' capacities set where the sibling exists here.
   *
   * @return siblings of the capture that this configuration lacks
   */
  List<String> put(Tenants.Tenant t) {
    String parent = t.parent();
    String leaf = t.queue().substring(parent.length() + 1);
    if (!queues().contains(parent)) {
      throw new IllegalStateException("parent queue " + parent + " of tenant " + t.queue() + " does not exist");
    }
    List<String> children = new ArrayList<>(children(parent));
    if (!children.contains(leaf)) {
      children.add(leaf);
      props.put(PREFIX + parent + ".queues", String.join(",", children));
    }
    props.keySet().removeIf(k -> k.startsWith(PREFIX + t.queue() + "."));
    for (Tenants.Queue q : t.queues()) {
      q.settings().forEach((attr, v) -> props.put(PREFIX + q.path() + "." + attr, v));
    }
    List<String> missing = new ArrayList<>();
    t.siblings().forEach((s, settings) -> {
      if (children.contains(s)) {
        settings.forEach((attr, v) -> props.put(PREFIX + parent + "." + s + "." + attr, v));
      } else {
        missing.add(parent + "." + s);
      }
    });
    return missing;
  }

  /**
   * Children's capacities of {@code parent} must add up to 100 (percentages). Returns what is wrong, or ""
   * when they do, or when they are not percentages (absolute resources, weights) and YARN checks them itself.
   */
  String checkCapacities(String parent) {
    double sum = 0;
    List<String> shares = new ArrayList<>();
    for (String c : children(parent)) {
      String v = props.get(PREFIX + parent + "." + c + ".capacity");
      if (v == null) {
        return "queue " + parent + "." + c + " has no capacity";
      }
      try {
        sum += Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        return "";
      }
      shares.add(c + "=" + v);
    }
    return children(parent).isEmpty() || Math.abs(sum - 100.0) < 0.01 ? ""
        : "capacities of the children of " + parent + " add up to " + sum + "%, not 100% (" + shares + ")";
  }
}
