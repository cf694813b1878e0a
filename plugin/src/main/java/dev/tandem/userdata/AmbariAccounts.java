package dev.tandem.userdata;

import dev.tandem.ambari.AmbariClient;
import dev.tandem.ambari.AmbariGroup;
import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.AmbariPrivilege.ResourceType;
import dev.tandem.ambari.AmbariUser;
import dev.tandem.http.RemoteServiceException;
import dev.tandem.model.AccessSource;
import dev.tandem.model.UserDataChange.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The manager's users, groups and privileges, read from and written to Ambari. */
final class AmbariAccounts {
  private AmbariAccounts() {}

  /**
   * Reads every user and group with its direct privileges. A user or member that one answer names and
   * another does not know is a partial answer (the manager changed during the capture, or answered
   * incompletely): the capture fails rather than record half of it.
   */
  static ManagerAccounts capture(AmbariClient client, String cluster) {
    List<ManagerAccounts.User> users = new ArrayList<>();
    List<AmbariPrivilege> privileges = new ArrayList<>();
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : client.users()) {
      AmbariUser u = client.user(name).orElseThrow(() -> partial(client, "/users lists user " + name
          + " but /users/" + name + " does not exist"));
      users.add(new ManagerAccounts.User(u.name(), u.displayName(), u.active(), u.userType()));
      known.add(u.name());
      u.privileges().forEach(p -> add(privileges, p, cluster));
    }
    List<ManagerAccounts.Group> groups = new ArrayList<>();
    for (String name : client.groups()) {
      AmbariGroup g = client.group(name).orElseThrow(() -> partial(client, "/groups lists group " + name
          + " but /groups/" + name + " does not exist"));
      for (String m : g.members()) {
        if (!known.contains(m)) {
          throw partial(client, "group " + g.name() + " lists member " + m + ", a user /users does not list");
        }
      }
      groups.add(new ManagerAccounts.Group(g.name(), g.groupType(), g.members().stream().sorted().toList()));
      g.privileges().forEach(p -> add(privileges, p, cluster));
    }
    return new ManagerAccounts(cluster, users, groups, privileges);
  }

  /** Keeps grants on this cluster, Ambari itself and views; ids are the site's own and are not carried. */
  private static void add(List<AmbariPrivilege> out, AmbariPrivilege p, String cluster) {
    if (p.type() == ResourceType.CLUSTER && !p.cluster().equals(cluster)) {
      return;
    }
    out.add(new AmbariPrivilege(0, p.permission(), p.principalName(), p.principalType(), p.type(), p.cluster(),
        p.view(), p.viewVersion(), p.viewInstance()));
  }

  private static RemoteServiceException partial(AmbariClient client, String what) {
    return new RemoteServiceException("Partial answer from Ambari at " + client.endpoint().baseUri() + ": " + what, 0);
  }

  /**
   * Makes the target manager hold the captured users, groups, memberships and privileges: creates missing
   * users (without a password) and groups, sets each user's active flag, converges each captured group's
   * members and each captured principal's privileges. Users and groups the capture does not know keep their
   * privileges and are never deleted, and the account Tandem signs in with never loses a privilege.
   */
  static void apply(ManagerAccounts cut, AmbariClient target, String targetCluster, String site, ApplyLog log) {
    Map<String, AmbariUser> users = new LinkedHashMap<>();
    for (String name : target.users()) {
      target.user(name).ifPresent(u -> users.put(key(u.name()), u));
    }
    for (ManagerAccounts.User u : cut.users()) {
      AmbariUser existing = users.get(key(u.name()));
      if (existing == null) {
        if (log.writes()) {
          target.createUser(u.name(), u.displayName(), u.active());
        }
        log.change(AccessSource.MANAGER, Action.CREATE, "user " + u.name(), (u.active() ? "active" : "inactive")
            + ", no password");
        log.action(u.userType().equals("LDAP")
            ? "User " + u.name() + " signs in through LDAP: run 'ambari-server sync-ldap --users <file>' (or "
            + "--existing) on the Ambari of " + site + " so that it gains its LDAP authentication"
            : "User " + u.name() + " (" + u.userType() + ") has no password on the Ambari of " + site
            + ": set one (Manage Ambari > Users) or let it sign in through LDAP, Kerberos or PAM there");
      } else if (existing.active() != u.active()) {
        if (log.writes()) {
          target.setUserActive(existing.name(), u.active());
        }
        log.change(AccessSource.MANAGER, Action.UPDATE, "user " + u.name(), u.active() ? "activated" : "deactivated");
      }
    }
    Map<String, AmbariGroup> groups = new LinkedHashMap<>();
    for (String name : target.groups()) {
      target.group(name).ifPresent(g -> groups.put(key(g.name()), g));
    }
    for (ManagerAccounts.Group g : cut.groups()) {
      AmbariGroup existing = groups.get(key(g.name()));
      Set<String> have = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      if (existing == null) {
        if (log.writes()) {
          target.createGroup(g.name());
        }
        log.change(AccessSource.MANAGER, Action.CREATE, "group " + g.name(), "");
        if (g.groupType().equals("LDAP")) {
          log.action("Group " + g.name() + " comes from LDAP: run 'ambari-server sync-ldap --groups <file>' on the "
              + "Ambari of " + site + " so that LDAP keeps its members from now on");
        }
      } else {
        have.addAll(existing.members());
      }
      Set<String> want = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      want.addAll(g.members());
      for (String m : want) {
        if (!have.contains(m)) {
          if (log.writes()) {
            target.addMember(g.name(), m);
          }
          log.change(AccessSource.MANAGER, Action.GRANT, "user " + m, "member of group " + g.name());
        }
      }
      for (String m : have) {
        if (!want.contains(m)) {
          if (log.writes()) {
            target.removeMember(g.name(), m);
          }
          log.change(AccessSource.MANAGER, Action.REVOKE, "user " + m, "member of group " + g.name());
        }
      }
    }
    privileges(cut, target, targetCluster, site, users, groups, log);
  }

  private static void privileges(ManagerAccounts cut, AmbariClient target, String targetCluster, String site,
      Map<String, AmbariUser> users, Map<String, AmbariGroup> groups, ApplyLog log) {
    Map<String, AmbariPrivilege> want = new LinkedHashMap<>();
    for (AmbariPrivilege p : cut.privileges()) {
      AmbariPrivilege mapped = p.type() == ResourceType.CLUSTER ? new AmbariPrivilege(0, p.permission(),
          p.principalName(), p.principalType(), p.type(), targetCluster, "", "", "") : p;
      want.put(identity(mapped), mapped);
    }
    Map<String, AmbariPrivilege> have = new LinkedHashMap<>();
    for (ManagerAccounts.User u : cut.users()) {
      AmbariUser existing = users.get(key(u.name()));
      if (existing != null) {
        existing.privileges().forEach(p -> have.put(identity(p), p));
      }
    }
    for (ManagerAccounts.Group g : cut.groups()) {
      AmbariGroup existing = groups.get(key(g.name()));
      if (existing != null) {
        existing.privileges().forEach(p -> have.put(identity(p), p));
      }
    }
    for (var e : want.entrySet()) {
      AmbariPrivilege p = e.getValue();
      if (have.containsKey(e.getKey())) {
        continue;
      }
      if (p.type() == ResourceType.VIEW && !target.viewInstanceExists(p.view(), p.viewVersion(), p.viewInstance())) {
        log.action("View instance " + p.resource().substring("view:".length()) + " does not exist on the Ambari of "
            + site + ": create it, then grant " + p.permission() + " to " + who(p));
        continue;
      }
      if (log.writes()) {
        target.grant(p);
      }
      log.change(AccessSource.MANAGER, Action.GRANT, who(p), p.permission() + " on " + p.resource());
    }
    String self = target.endpoint().user();
    for (var e : have.entrySet()) {
      AmbariPrivilege p = e.getValue();
      if (want.containsKey(e.getKey())) {
        continue;
      }
      if (p.principalType() == PrincipalType.USER && p.principalName().equalsIgnoreCase(self)) {
        log.action("Tandem signs in to the Ambari of " + site + " as " + self + ", which the cut does not grant "
            + p.permission() + " on " + p.resource() + ": Tandem left it; revoke it yourself if intended");
        continue;
      }
      if (log.writes()) {
        target.revoke(p);
      }
      log.change(AccessSource.MANAGER, Action.REVOKE, who(p), p.permission() + " on " + p.resource());
    }
  }

  private static String identity(AmbariPrivilege p) {
    return p.principalType() + "|" + key(p.principalName()) + "|" + p.permission() + "|" + p.resource();
  }

  private static String who(AmbariPrivilege p) {
    return p.principalType().name().toLowerCase(Locale.ROOT) + " " + p.principalName();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
