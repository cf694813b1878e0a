package dev.tandem.ambari;

import java.util.List;

/**
 * A group of Ambari ({@code Groups}), its members and the privileges granted to it.
 *
 * @param groupType {@code LOCAL}, {@code LDAP}, {@code PAM}
 */
public record AmbariGroup(String name, String groupType, List<String> members, List<AmbariPrivilege> privileges) {
  public AmbariGroup {
    members = List.copyOf(members);
    privileges = List.copyOf(privileges);
  }

  public boolean ldap() {
    return "LDAP".equals(groupType);
  }
}
