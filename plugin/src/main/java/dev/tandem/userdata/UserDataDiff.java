package dev.tandem.userdata;

import dev.tandem.model.AccessSource;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed in a group's user data between two cuts: per principal, the rights gained and lost; and the
 * changes that are not one principal's right (a queue's capacity, a policy's resources, a source that
 * started or stopped being captured).
 */
public record UserDataDiff(GroupName group, CutId from, CutId to, List<PrincipalChange> principals,
    List<ResourceChange> resources) {
  public UserDataDiff {
    principals = List.copyOf(principals);
    resources = List.copyOf(resources);
  }

  public record PrincipalChange(Principal principal, List<Grant> gained, List<Grant> lost) {
    public PrincipalChange {
      gained = List.copyOf(gained);
      lost = List.copyOf(lost);
    }
  }

  /** @param before the old value, "" when it did not exist; @param after the new one, "" when it is gone */
  public record ResourceChange(AccessSource source, String subject, String before, String after) {}

  public boolean isEmpty() {
    return principals.isEmpty() && resources.isEmpty();
  }

  /** The diff from {@code older} to {@code newer}. Pure: reads nothing but the two records. */
  public static UserDataDiff between(UserDataRecord older, UserDataRecord newer) {
    SortedSet<Grant> a = older.grants();
    SortedSet<Grant> b = newer.grants();
    SortedMap<Principal, List<Grant>> gained = new TreeMap<>();
    SortedMap<Principal, List<Grant>> lost = new TreeMap<>();
    for (Grant g : b) {
      if (!a.contains(g)) {
        gained.computeIfAbsent(g.principal(), p -> new ArrayList<>()).add(g);
      }
    }
    for (Grant g : a) {
      if (!b.contains(g)) {
        lost.computeIfAbsent(g.principal(), p -> new ArrayList<>()).add(g);
      }
    }
    SortedSet<Principal> who = new TreeSet<>(gained.keySet());
    who.addAll(lost.keySet());
    List<PrincipalChange> principals = new ArrayList<>();
    for (Principal p : who) {
      principals.add(new PrincipalChange(p, gained.getOrDefault(p, List.of()), lost.getOrDefault(p, List.of())));
    }
    List<ResourceChange> resources = new ArrayList<>();
    sources(older, newer, resources);
    paths(older, newer, resources);
    policies(older, newer, resources);
    queues(older, newer, resources);
    return new UserDataDiff(newer.group(), older.cut(), newer.cut(), principals, resources);
  }

  private static void sources(UserDataRecord a, UserDataRecord b, List<ResourceChange> out) {
    Map<AccessSource, SourceStatus> before = new LinkedHashMap<>();
    a.sources().forEach(s -> before.put(s.source(), s));
    for (SourceStatus s : b.sources()) {
      SourceStatus old = before.get(s.source());
      if (old == null || old.captured() != s.captured()) {
        out.add(new ResourceChange(s.source(), "source", old == null ? "" : state(old), state(s)));
      }
    }
  }

  private static String state(SourceStatus s) {
    return s.captured() ? "captured" : s.detail();
  }

  private static void paths(UserDataRecord a, UserDataRecord b, List<ResourceChange> out) {
    Map<String, PathAccess> before = new TreeMap<>();
    Map<String, PathAccess> after = new TreeMap<>();
    if (a.hdfs() != null) {
      a.hdfs().paths().forEach(p -> before.put(p.path(), p));
    }
    if (b.hdfs() != null) {
      b.hdfs().paths().forEach(p -> after.put(p.path(), p));
    }
    for (String p : union(before.keySet(), after.keySet())) {
      if (!before.containsKey(p) || !after.containsKey(p)) {
        out.add(new ResourceChange(AccessSource.HDFS, p, before.containsKey(p) ? "directory" : "",
            after.containsKey(p) ? "directory" : ""));
      }
    }
  }

  private static void policies(UserDataRecord a, UserDataRecord b, List<ResourceChange> out) {
    Map<String, RangerAccess.Rule> before = new TreeMap<>();
    Map<String, RangerAccess.Rule> after = new TreeMap<>();
    if (a.ranger() != null) {
      a.ranger().policies().forEach(r -> before.put(Grants.policySubject(r), r));
    }
    if (b.ranger() != null) {
      b.ranger().policies().forEach(r -> after.put(Grants.policySubject(r), r));
    }
    for (String name : union(before.keySet(), after.keySet())) {
      String x = before.containsKey(name) ? describe(before.get(name)) : "";
      String y = after.containsKey(name) ? describe(after.get(name)) : "";
      if (!x.equals(y)) {
        out.add(new ResourceChange(AccessSource.RANGER, name, x, y));
      }
    }
  }

  private static String describe(RangerAccess.Rule r) {
    StringBuilder b = new StringBuilder();
    r.policy().resources().forEach((k, v) -> b.append(k).append('=').append(v.values())
        .append(v.excludes() ? " excluded" : "").append(v.recursive() ? " recursive" : "").append("; "));
    return b.append(r.policy().enabled() ? "enabled" : "disabled").toString();
  }

  private static void queues(UserDataRecord a, UserDataRecord b, List<ResourceChange> out) {
    Map<String, String> before = settings(a);
    Map<String, String> after = settings(b);
    for (String k : union(before.keySet(), after.keySet())) {
      String x = before.getOrDefault(k, "");
      String y = after.getOrDefault(k, "");
      if (!Objects.equals(x, y)) {
        out.add(new ResourceChange(AccessSource.YARN, k, x, y));
      }
    }
  }

  /** Queue settings other than ACLs (those are principals' rights), as {@code root.billing.capacity} → value. */
  private static Map<String, String> settings(UserDataRecord r) {
    Map<String, String> out = new TreeMap<>();
    if (r.tenants() == null) {
      return out;
    }
    for (Tenants.Tenant t : r.tenants().tenants()) {
      for (Tenants.Queue q : t.queues()) {
        q.settings().forEach((k, v) -> {
          if (Grants.QUEUE_ACLS.stream().noneMatch(acl -> acl[0].equals(k))) {
            out.put(q.path() + "." + k, v);
          }
        });
      }
      t.siblings().forEach((sibling, s) -> s.forEach((k, v) -> out.put(t.parent() + "." + sibling + "." + k, v)));
    }
    return out;
  }

  private static SortedSet<String> union(java.util.Set<String> x, java.util.Set<String> y) {
    SortedSet<String> out = new TreeSet<>(x);
    out.addAll(y);
    return out;
  }
}
