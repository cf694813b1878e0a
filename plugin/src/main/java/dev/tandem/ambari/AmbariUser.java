package dev.tandem.ambari;

import java.util.List;

/**
 * A user account of Ambari ({@code Users}) and the privileges granted to it directly. Ambari never returns a
 * password, and Tandem never sends one.
 *
 * @param userType how the user signs in: {@code LOCAL}, {@code LDAP}, {@code KERBEROS}, {@code PAM}, {@code JWT}
 */
public record AmbariUser(String name, String displayName, boolean active, String userType, List<String> groups,
    List<AmbariPrivilege> privileges) {
  public AmbariUser {
    groups = List.copyOf(groups);
    privileges = List.copyOf(privileges);
  }
}
