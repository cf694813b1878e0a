package dev.tandem.userdata;

import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.model.AccessSource;
import dev.tandem.ranger.RangerPolicy;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Flattens a record's sections into the rights each principal holds. Pure. */
public final class Grants {
  /** Queue ACL attributes and how the diff names the right. */
  static final List<String[]> QUEUE_ACLS = List.of(
      new String[] {"acl_submit_applications", "submit applications"},
      new String[] {"acl_administer_queue", "administer queue"},
      new String[] {"acl_application_max_priority", "application max priority"});

  private Grants() {}

  public static SortedSet<Grant> of(UserDataRecord r) {
    SortedSet<Grant> out = new TreeSet<>();
    if (r.manager() != null) {
      manager(r.manager(), out);
    }
    if (r.hdfs() != null) {
      r.hdfs().paths().forEach(p -> hdfs(p, out));
    }
    if (r.hive() != null) {
      hive(r.hive(), out);
    }
    if (r.ranger() != null) {
      r.ranger().policies().forEach(rule -> ranger(rule, out));
    }
    if (r.tenants() != null) {
      r.tenants().tenants().forEach(t -> t.queues().forEach(q -> queue(q, out)));
    }
    return out;
  }

  private static void manager(ManagerAccounts m, SortedSet<Grant> out) {
    for (ManagerAccounts.User u : m.users()) {
      out.add(new Grant(Principal.user(u.name()), AccessSource.MANAGER, "ambari",
          u.active() ? "account" : "account (inactive)"));
    }
    for (ManagerAccounts.Group g : m.groups()) {
      for (String member : g.members()) {
        out.add(new Grant(Principal.user(member), AccessSource.MANAGER, "group " + g.name(), "member"));
      }
    }
    for (AmbariPrivilege p : m.privileges()) {
      Principal who = switch (p.principalType()) {
        case USER -> Principal.user(p.principalName());
        case GROUP -> Principal.group(p.principalName());
        case ROLE -> Principal.role(p.principalName());
      };
      out.add(new Grant(who, AccessSource.MANAGER, p.resource(), p.permission()));
    }
  }

  static void hdfs(PathAccess p, SortedSet<Grant> out) {
    String perm = p.permission();
    int bits = Integer.parseInt(perm, 8);
    boolean extended = p.acl().stream().anyMatch(e -> !e.startsWith("default:"));
    out.add(new Grant(Principal.user(p.owner()), AccessSource.HDFS, p.path(), "owner " + rwx(bits >> 6)));
    if (extended) {
      out.add(new Grant(Principal.other("mask"), AccessSource.HDFS, p.path(), "mask " + rwx(bits >> 3)));
    } else {
      out.add(new Grant(Principal.group(p.group()), AccessSource.HDFS, p.path(), "group " + rwx(bits >> 3)));
    }
    out.add(new Grant(Principal.other("others"), AccessSource.HDFS, p.path(), "others " + rwx(bits)
        + ((bits & 01000) != 0 ? " sticky" : "")));
    for (String entry : p.acl()) {
      boolean dflt = entry.startsWith("default:");
      String[] f = (dflt ? entry.substring("default:".length()) : entry).split(":", -1);
      if (f.length != 3) {
        continue;
      }
      if (!dflt && f[0].equals("group") && f[1].isEmpty()) {
        // the group owner's own entry: the same right as the group bits of a directory without an ACL
        out.add(new Grant(Principal.group(p.group()), AccessSource.HDFS, p.path(), "group " + f[2]));
        continue;
      }
      String prefix = dflt ? "default " : "acl ";
      Principal who = switch (f[0]) {
        case "user" -> f[1].isEmpty() ? (dflt ? Principal.other("owner of new entries") : Principal.user(p.owner()))
            : Principal.user(f[1]);
        case "group" -> f[1].isEmpty() ? (dflt ? Principal.other("group of new entries") : Principal.group(p.group()))
            : Principal.group(f[1]);
        case "mask" -> Principal.other("mask");
        default -> Principal.other("others");
      };
      out.add(new Grant(who, AccessSource.HDFS, p.path(), prefix + f[2]));
    }
  }

  private static String rwx(int bits) {
    return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") + ((bits & 1) != 0 ? "x" : "-");
  }

  private static void hive(HiveGrants h, SortedSet<Grant> out) {
    for (HiveGrants.Privilege p : h.privileges()) {
      out.add(new Grant(p.principal(), AccessSource.HIVE, p.object(),
          p.privilege() + (p.grantOption() ? " with grant option" : "")));
    }
    for (HiveGrants.Role role : h.roles()) {
      for (Principal m : role.members()) {
        out.add(new Grant(m, AccessSource.HIVE, "role " + role.name(), "member"));
      }
    }
  }

  /** The subject of a Ranger policy in grants and diffs: {@code hdfs policy billing-data}. */
  static String policySubject(RangerAccess.Rule rule) {
    return rule.serviceType() + " policy " + rule.policy().name();
  }

  private static void ranger(RangerAccess.Rule rule, SortedSet<Grant> out) {
    RangerPolicy p = rule.policy();
    String resource = policySubject(rule);
    String state = p.enabled() ? "" : " (policy disabled)";
    items(p.allow(), "allow", resource, state, out);
    items(p.deny(), "deny", resource, state, out);
    items(p.allowExceptions(), "allow exception", resource, state, out);
    items(p.denyExceptions(), "deny exception", resource, state, out);
  }

  private static void items(List<RangerPolicy.Item> items, String kind, String resource, String state,
      SortedSet<Grant> out) {
    for (RangerPolicy.Item item : items) {
      String extra = (item.conditions().isEmpty() ? "" : " if " + item.conditions())
          + (item.delegateAdmin() ? " (delegate admin)" : "") + state;
      for (RangerPolicy.Access a : item.accesses()) {
        if (!a.allowed()) {
          continue;
        }
        String right = kind + " " + a.type() + extra;
        item.users().forEach(u -> out.add(new Grant(Principal.user(u), AccessSource.RANGER, resource, right)));
        item.groups().forEach(g -> out.add(new Grant(Principal.group(g), AccessSource.RANGER, resource, right)));
        item.roles().forEach(x -> out.add(new Grant(Principal.role(x), AccessSource.RANGER, resource, right)));
      }
    }
  }

  private static void queue(Tenants.Queue q, SortedSet<Grant> out) {
    for (String[] acl : QUEUE_ACLS) {
      String value = q.settings().get(acl[0]);
      if (value == null) {
        continue;
      }
      String resource = "queue " + q.path();
      if (value.trim().equals("*")) {
        out.add(new Grant(Principal.other("everyone"), AccessSource.YARN, resource, acl[1]));
        continue;
      }
      // "users groups": comma-separated users, a space, comma-separated groups; " " is nobody.
      int space = value.indexOf(' ');
      String users = space < 0 ? value : value.substring(0, space);
      String groups = space < 0 ? "" : value.substring(space + 1);
      for (String u : users.split(",")) {
        if (!u.isBlank()) {
          out.add(new Grant(Principal.user(u.trim()), AccessSource.YARN, resource, acl[1]));
        }
      }
      for (String g : groups.split(",")) {
        if (!g.isBlank()) {
          out.add(new Grant(Principal.group(g.trim()), AccessSource.YARN, resource, acl[1]));
        }
      }
    }
  }
}
