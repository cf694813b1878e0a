package dev.tandem.hive;

import dev.tandem.model.AccessSource;
import dev.tandem.model.UserDataChange;
import dev.tandem.userdata.HiveGrants;
import dev.tandem.userdata.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What making a site's Hive grants equal to a cut's takes, worked out from what the site holds: roles to
 * create, privileges to revoke and grant, role members to add and remove, in the order they are applied
 * (roles before the grants that name them; revokes before grants, so a privilege whose grant option changed
 * is revoked, then granted anew). Pure: {@link HmsHiveGrants} reads the site and runs the steps.
 */
record HiveGrantPlan(List<Step> steps) {
  HiveGrantPlan {
    steps = List.copyOf(steps);
  }

  /** One change to a metastore, and how an apply report names it. */
  sealed interface Step {
    UserDataChange change();
  }

  record CreateRole(String role) implements Step {
    @Override
    public UserDataChange change() {
      return new UserDataChange(AccessSource.HIVE, UserDataChange.Action.CREATE, "role " + role, "");
    }
  }

  record Revoke(HiveGrants.Privilege privilege) implements Step {
    @Override
    public UserDataChange change() {
      return new UserDataChange(AccessSource.HIVE, UserDataChange.Action.REVOKE, privilege.principal().toString(),
          describe(privilege));
    }
  }

  record Grant(HiveGrants.Privilege privilege) implements Step {
    @Override
    public UserDataChange change() {
      return new UserDataChange(AccessSource.HIVE, UserDataChange.Action.GRANT, privilege.principal().toString(),
          describe(privilege));
    }
  }

  record AddMember(String role, Principal member) implements Step {
    @Override
    public UserDataChange change() {
      return new UserDataChange(AccessSource.HIVE, UserDataChange.Action.GRANT, "role " + role, "member " + member);
    }
  }

  record RemoveMember(String role, Principal member) implements Step {
    @Override
    public UserDataChange change() {
      return new UserDataChange(AccessSource.HIVE, UserDataChange.Action.REVOKE, "role " + role, "member " + member);
    }
  }

  /**
   * @param want the cut's grants, already limited to the group's objects
   * @param held the privileges the site holds on the group's objects, one entry per metastore row (a
   *     privilege granted twice by different grantors is two rows, and takes two revokes)
   * @param roles the cut's roles that exist at the site, each with its members there
   */
  static HiveGrantPlan of(HiveGrants want, List<HiveGrants.Privilege> held, Map<String, List<Principal>> roles) {
    List<Step> steps = new ArrayList<>();
    for (HiveGrants.Role r : want.roles()) {
      if (!roles.containsKey(r.name())) {
        steps.add(new CreateRole(r.name()));
      }
    }
    Set<HiveGrants.Privilege> wanted = new LinkedHashSet<>(want.privileges());
    for (HiveGrants.Privilege p : held) {
      if (!wanted.contains(p)) {
        steps.add(new Revoke(p));
      }
    }
    Set<HiveGrants.Privilege> have = new HashSet<>(held);
    for (HiveGrants.Privilege p : wanted) {
      if (!have.contains(p)) {
        steps.add(new Grant(p));
      }
    }
    for (HiveGrants.Role r : want.roles()) {
      List<Principal> members = roles.getOrDefault(r.name(), List.of());
      r.members().stream().filter(m -> !members.contains(m)).forEach(m -> steps.add(new AddMember(r.name(), m)));
      members.stream().filter(m -> !r.members().contains(m)).forEach(m -> steps.add(new RemoveMember(r.name(), m)));
    }
    return new HiveGrantPlan(steps);
  }

  List<UserDataChange> changes() {
    return steps.stream().map(Step::change).toList();
  }

  private static String describe(HiveGrants.Privilege p) {
    return p.privilege() + (p.grantOption() ? " with grant option" : "") + " on " + p.object();
  }
}
