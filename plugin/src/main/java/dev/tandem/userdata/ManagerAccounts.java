package dev.tandem.userdata;

import dev.tandem.ambari.AmbariPrivilege;
import java.util.List;

/**
 * The manager's users, groups and privileges. The manager's accounts are not per group, so this is the
 * whole manager. Passwords and authentication sources are not part of it: a user is recorded with its name,
 * whether it is active and how it signs in ({@code userType}), never with a secret.
 *
 * @param cluster the captured site's cluster; its cluster privileges move to the target's cluster on apply
 * @param privileges grants to users and groups (ids are the captured site's own and not carried)
 */
public record ManagerAccounts(String cluster, List<User> users, List<Group> groups, List<AmbariPrivilege> privileges) {
  public ManagerAccounts {
    users = List.copyOf(users);
    groups = List.copyOf(groups);
    privileges = List.copyOf(privileges);
  }

  /** @param userType {@code LOCAL}, {@code LDAP}, {@code PAM}, ...: how the user signs in at the captured site */
  public record User(String name, String displayName, boolean active, String userType) {}

  /** @param groupType {@code LOCAL}, {@code LDAP}, ...: an LDAP group's members come from LDAP sync */
  public record Group(String name, String groupType, List<String> members) {
    public Group {
      members = List.copyOf(members);
    }
  }
}
