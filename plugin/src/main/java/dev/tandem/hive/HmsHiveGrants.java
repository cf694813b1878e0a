package dev.tandem.hive;

import dev.tandem.model.ApplyMode;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataChange;
import dev.tandem.userdata.HiveGrantAccess;
import dev.tandem.userdata.HiveGrants;
import dev.tandem.userdata.Principal;
import dev.tandem.userdata.UserDataScope;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.hive.metastore.api.GetPrincipalsInRoleRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokePrivilegeRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokeType;
import org.apache.hadoop.hive.metastore.api.HiveObjectPrivilege;
import org.apache.hadoop.hive.metastore.api.HiveObjectRef;
import org.apache.hadoop.hive.metastore.api.HiveObjectType;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.PrivilegeBag;
import org.apache.hadoop.hive.metastore.api.PrivilegeGrantInfo;
import org.apache.hadoop.hive.metastore.api.RolePrincipalGrant;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * A site's Hive grants in its metastore (SQL-standard privileges and roles, as the metastore stores them),
 * read and written with Hive 3.1 RPCs through {@link HmsClient}: {@code list_privileges} per database and
 * table of the group, {@code get_role_names} and {@code get_principals_in_role} for the roles holding them;
 * {@code create_role}, {@code grant_revoke_privileges}, {@code grant_role} and {@code revoke_role} to apply.
 *
 * <p>A group's objects are its protected databases (database-level grants) and tables (table-level grants),
 * and the databases of its protected tables (their database-level grants reach the table). Column and
 * partition grants, and grants on anything else, are neither read nor written. Roles are global: the
 * roles holding a grant on the group's objects are carried, with their members, and so are the roles
 * granted to those (their members hold the grant too); the built-in roles' members are not (see
 * {@link #BUILT_IN_ROLES}). A role the cut does not carry is never changed or dropped.
 *
 * <p>Every call opens its own connection, so one instance serves any thread.
 */
public final class HmsHiveGrants implements HiveGrantAccess {
  /**
   * Roles whose membership is each metastore's own: {@code admin} holds the users of the site's
   * {@code metastore.users.in.admin.role}, {@code public} holds everyone. Grants to them are carried, their
   * members are not.
   */
  static final Set<String> BUILT_IN_ROLES = Set.of("admin", "public");

  private static final Comparator<HiveGrants.Privilege> ORDER = Comparator.comparing(HiveGrants.Privilege::object)
      .thenComparing(HiveGrants.Privilege::principal).thenComparing(HiveGrants.Privilege::privilege)
      .thenComparing(HiveGrants.Privilege::grantOption);

  private final String metastoreUri;
  private final int timeoutMs;

  /** @param metastoreUri the site's {@code thrift://host:port} */
  public HmsHiveGrants(String metastoreUri, Duration timeout) {
    this.metastoreUri = metastoreUri;
    this.timeoutMs = Math.toIntExact(timeout.toMillis());
  }

  @Override
  public HiveGrants capture(UserDataScope scope) {
    HiveScope hive = hiveScope(scope);
    try (HmsClient client = HmsClient.connect(metastoreUri, timeoutMs)) {
      List<HiveGrants.Privilege> privileges = privileges(client, objects(client, hive)).stream().distinct()
          .sorted(ORDER).toList();
      Set<String> existing = roleNames(client);
      Deque<String> todo = new ArrayDeque<>();
      privileges.stream().filter(p -> p.principal().kind() == Principal.Kind.ROLE)
          .forEach(p -> todo.add(p.principal().name()));
      Map<String, List<Principal>> roles = new TreeMap<>();
      while (!todo.isEmpty()) {
        String role = todo.pop();
        // a grant may name a role dropped since: it has no members to carry
        if (roles.containsKey(role) || BUILT_IN_ROLES.contains(role) || !existing.contains(role)) {
          continue;
        }
        List<Principal> members = members(client, role);
        roles.put(role, members);
        members.stream().filter(m -> m.kind() == Principal.Kind.ROLE).forEach(m -> todo.add(m.name()));
      }
      return new HiveGrants(privileges, roles.entrySet().stream()
          .map(e -> new HiveGrants.Role(e.getKey(), e.getValue())).toList());
    }
  }

  @Override
  public List<UserDataChange> apply(HiveGrants grants, UserDataScope scope, ApplyMode mode) {
    HiveScope hive = hiveScope(scope);
    try (HmsClient client = HmsClient.connect(metastoreUri, timeoutMs)) {
      List<HiveObjectRef> objects = objects(client, hive);
      Set<String> here = new HashSet<>();
      objects.forEach(o -> here.add(name(o)));
      List<HiveGrants.Privilege> want = grants.privileges().stream().filter(p -> covers(hive, p)).toList();
      Set<String> missing = new TreeSet<>();
      want.stream().map(HiveGrants.Privilege::object).filter(o -> !here.contains(o)).forEach(missing::add);
      if (!missing.isEmpty()) {
        throw new TandemException("The metastore " + client.uri() + " has no " + missing + ", which the cut "
            + "grants on: replicate the group's Hive metadata first; no Hive grant was changed");
      }
      Set<String> existing = roleNames(client);
      Map<String, List<Principal>> roles = new LinkedHashMap<>();
      for (HiveGrants.Role r : grants.roles()) {
        if (existing.contains(r.name())) {
          roles.put(r.name(), members(client, r.name()));
        }
      }
      HiveGrantPlan plan = HiveGrantPlan.of(new HiveGrants(want, grants.roles()), privileges(client, objects), roles);
      if (mode == ApplyMode.APPLY && !plan.steps().isEmpty()) {
        String grantor = grantor();
        plan.steps().forEach(step -> run(client, step, grantor));
      }
      return plan.changes();
    }
  }

  @Override
  public List<UserDataChange> applyTable(HiveGrants grants, String database, String table, ApplyMode mode) {
    String db = database.toLowerCase(Locale.ROOT);
    String name = table.toLowerCase(Locale.ROOT);
    List<HiveGrants.Privilege> want = grants.privileges().stream()
        .filter(p -> p.database().equalsIgnoreCase(db) && p.table().equalsIgnoreCase(name))
        .map(p -> new HiveGrants.Privilege(p.principal(), db, name, p.privilege(), p.grantOption())).toList();
    try (HmsClient client = HmsClient.connect(metastoreUri, timeoutMs)) {
      boolean exists = client.call("list databases", rpc -> rpc.get_all_databases()).contains(db)
          && client.call("list the tables of " + db, rpc -> rpc.get_all_tables(db)).stream()
              .anyMatch(t -> t.equalsIgnoreCase(name));
      List<HiveGrants.Privilege> held = exists
          ? privileges(client, List.of(new HiveObjectRef(HiveObjectType.TABLE, db, name, null, null)))
          : List.of();
      Set<String> existing = roleNames(client);
      Set<String> named = new TreeSet<>();
      want.stream().filter(p -> p.principal().kind() == Principal.Kind.ROLE).forEach(p -> named.add(p.principal().name()));
      List<HiveGrants.Role> roles = new ArrayList<>();
      Map<String, List<Principal>> present = new LinkedHashMap<>();
      for (String role : named) {
        if (existing.contains(role) || BUILT_IN_ROLES.contains(role)) {
          // the plan then changes nothing about the role: its wanted members are the ones it has
          List<Principal> members = BUILT_IN_ROLES.contains(role) ? List.of() : members(client, role);
          present.put(role, members);
          roles.add(new HiveGrants.Role(role, members));
        } else {
          roles.add(grants.roles().stream().filter(r -> r.name().equals(role)).findFirst()
              .orElse(new HiveGrants.Role(role, List.of())));
        }
      }
      HiveGrantPlan plan = HiveGrantPlan.of(new HiveGrants(want, roles), held, present);
      if (mode == ApplyMode.APPLY && !plan.steps().isEmpty()) {
        String grantor = grantor();
        plan.steps().forEach(step -> run(client, step, grantor));
      }
      return plan.changes();
    }
  }

  /** The group's objects as {@link HiveScope} names them: lower case, as the metastore keeps them. */
  private static HiveScope hiveScope(UserDataScope scope) {
    Set<String> dbs = new TreeSet<>();
    scope.hiveDatabases().forEach(d -> dbs.add(d.toLowerCase(Locale.ROOT)));
    Set<String> tables = new TreeSet<>();
    scope.hiveTables().forEach(t -> tables.add(t.toLowerCase(Locale.ROOT)));
    return new HiveScope(dbs, tables);
  }

  private static boolean covers(HiveScope hive, HiveGrants.Privilege p) {
    return p.table().isEmpty() ? hive.touches(p.database()) : hive.contains(p.database(), p.table());
  }

  /** The group's databases and tables that exist in this metastore. */
  private static List<HiveObjectRef> objects(HmsClient client, HiveScope hive) {
    Set<String> databases = new HashSet<>(client.call("list databases", rpc -> rpc.get_all_databases()));
    List<HiveObjectRef> out = new ArrayList<>();
    for (String db : hive.allDatabases()) {
      if (!databases.contains(db)) {
        continue;
      }
      out.add(new HiveObjectRef(HiveObjectType.DATABASE, db, null, null, null));
      List<String> tables = client.call("list the tables of " + db, rpc -> rpc.get_all_tables(db));
      for (String table : new TreeSet<>(tables)) {
        if (hive.contains(db, table)) {
          out.add(new HiveObjectRef(HiveObjectType.TABLE, db, table.toLowerCase(Locale.ROOT), null, null));
        }
      }
    }
    return out;
  }

  private static String name(HiveObjectRef o) {
    return o.getObjectType() == HiveObjectType.DATABASE ? o.getDbName() : o.getDbName() + "." + o.getObjectName();
  }

  /** Every privilege granted on {@code objects}, one per metastore row, to any user, group or role. */
  private static List<HiveGrants.Privilege> privileges(HmsClient client, List<HiveObjectRef> objects) {
    List<HiveGrants.Privilege> out = new ArrayList<>();
    for (HiveObjectRef o : objects) {
      String object = name(o);
      // no principal: every principal's grants on the object
      for (HiveObjectPrivilege row : client.call("list the grants on " + object,
          rpc -> rpc.list_privileges(null, null, o))) {
        PrivilegeGrantInfo info = row.getGrantInfo();
        if (row.getPrincipalName() == null || row.getPrincipalName().isEmpty() || row.getPrincipalType() == null
            || info == null || info.getPrivilege() == null || info.getPrivilege().isEmpty()) {
          throw new TandemException("Metastore " + client.uri() + " listed a grant on " + object
              + " without its principal or privilege: " + row);
        }
        out.add(new HiveGrants.Privilege(principal(row.getPrincipalType(), row.getPrincipalName()), o.getDbName(),
            o.getObjectType() == HiveObjectType.DATABASE ? "" : o.getObjectName(), info.getPrivilege(),
            info.isGrantOption()));
      }
    }
    return out;
  }

  private static Set<String> roleNames(HmsClient client) {
    return new HashSet<>(client.call("list roles", rpc -> rpc.get_role_names()));
  }

  private static List<Principal> members(HmsClient client, String role) {
    List<RolePrincipalGrant> grants = client.call("list the members of role " + role,
        rpc -> rpc.get_principals_in_role(new GetPrincipalsInRoleRequest(role))).getPrincipalGrants();
    Set<Principal> out = new TreeSet<>();
    for (RolePrincipalGrant g : grants == null ? List.<RolePrincipalGrant>of() : grants) {
      if (g.getPrincipalName() == null || g.getPrincipalName().isEmpty() || g.getPrincipalType() == null) {
        throw new TandemException("Metastore " + client.uri() + " listed a member of role " + role
            + " without its name or type: " + g);
      }
      out.add(principal(g.getPrincipalType(), g.getPrincipalName()));
    }
    return List.copyOf(out);
  }

  private static Principal principal(PrincipalType type, String name) {
    return switch (type) {
      case USER -> Principal.user(name);
      case GROUP -> Principal.group(name);
      case ROLE -> Principal.role(name);
    };
  }

  private static PrincipalType type(Principal p) {
    return switch (p.kind()) {
      case USER -> PrincipalType.USER;
      case GROUP -> PrincipalType.GROUP;
      case ROLE -> PrincipalType.ROLE;
      case OTHER -> throw new TandemException("Hive has no principal like " + p);
    };
  }

  private static void run(HmsClient client, HiveGrantPlan.Step step, String grantor) {
    String what = step.change().toString();
    boolean ok;
    if (step instanceof HiveGrantPlan.CreateRole r) {
      ok = client.call(what, rpc -> rpc.create_role(new org.apache.hadoop.hive.metastore.api.Role(r.role(), 0,
          grantor)));
    } else if (step instanceof HiveGrantPlan.Revoke r) {
      ok = client.call(what, rpc -> rpc.grant_revoke_privileges(request(GrantRevokeType.REVOKE, r.privilege(),
          grantor)).isSuccess());
    } else if (step instanceof HiveGrantPlan.Grant g) {
      ok = client.call(what, rpc -> rpc.grant_revoke_privileges(request(GrantRevokeType.GRANT, g.privilege(),
          grantor)).isSuccess());
    } else if (step instanceof HiveGrantPlan.AddMember m) {
      ok = client.call(what, rpc -> rpc.grant_role(m.role(), m.member().name(), type(m.member()), grantor,
          PrincipalType.USER, false));
    } else {
      HiveGrantPlan.RemoveMember m = (HiveGrantPlan.RemoveMember) step;
      ok = client.call(what, rpc -> rpc.revoke_role(m.role(), m.member().name(), type(m.member())));
    }
    if (!ok) {
      throw new TandemException("Metastore " + client.uri() + " refused to " + what);
    }
  }

  /** A revoke removes the whole privilege (not just its grant option): a changed option is granted anew. */
  private static GrantRevokePrivilegeRequest request(GrantRevokeType type, HiveGrants.Privilege p, String grantor) {
    HiveObjectRef object = p.table().isEmpty()
        ? new HiveObjectRef(HiveObjectType.DATABASE, p.database(), null, null, null)
        : new HiveObjectRef(HiveObjectType.TABLE, p.database(), p.table(), null, null);
    HiveObjectPrivilege row = new HiveObjectPrivilege(object, p.principal().name(), type(p.principal()),
        new PrivilegeGrantInfo(p.privilege(), 0, grantor, PrincipalType.USER, p.grantOption()), null);
    GrantRevokePrivilegeRequest rq = new GrantRevokePrivilegeRequest(type, new PrivilegeBag(List.of(row)));
    if (type == GrantRevokeType.REVOKE) {
      rq.setRevokeGrantOption(false);
    }
    return rq;
  }

  /** Grants and roles Tandem makes name the account it runs as, as Hive's own GRANT does. */
  private static String grantor() {
    try {
      return UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      throw new TandemException("Cannot tell which user Tandem runs as: " + e.getMessage(), e);
    }
  }
}
