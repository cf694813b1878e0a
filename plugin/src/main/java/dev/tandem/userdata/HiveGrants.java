package dev.tandem.userdata;

import java.util.List;

/** Hive grants on a group's databases and tables, and the roles and members those grants involve. */
public record HiveGrants(List<Privilege> privileges, List<Role> roles) {
  public HiveGrants {
    privileges = List.copyOf(privileges);
    roles = List.copyOf(roles);
  }

  /**
   * One grant: {@code privilege} ({@code SELECT}, {@code INSERT}, {@code ALL}, ...) on a database ({@code table}
   * "") or a table, to a user, group or role.
   */
  public record Privilege(Principal principal, String database, String table, String privilege,
      boolean grantOption) {
    public String object() {
      return table.isEmpty() ? database : database + "." + table;
    }
  }

  /** A role and its members (users, groups, other roles). */
  public record Role(String name, List<Principal> members) {
    public Role {
      members = List.copyOf(members);
    }
  }
}
