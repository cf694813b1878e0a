package dev.tandem.ambari;

import dev.tandem.model.InvalidInputException;

/**
 * A permission granted to a principal on a resource ({@code PrivilegeInfo}).
 *
 * @param id Ambari's id of the grant, 0 for one not yet made
 * @param permission e.g. {@code AMBARI.ADMINISTRATOR}, {@code CLUSTER.USER}, {@code SERVICE.OPERATOR}, {@code VIEW.USER}
 * @param cluster the cluster of a {@link ResourceType#CLUSTER} grant, else ""
 * @param view view, version and instance of a {@link ResourceType#VIEW} grant, else ""
 */
public record AmbariPrivilege(long id, String permission, String principalName, PrincipalType principalType,
    ResourceType type, String cluster, String view, String viewVersion, String viewInstance) {

  public enum PrincipalType { USER, GROUP, ROLE }

  public enum ResourceType { AMBARI, CLUSTER, VIEW }

  public AmbariPrivilege {
    InvalidInputException.check(permission != null && !permission.isBlank(), "permission", "Permission is required");
    InvalidInputException.check(principalName != null && !principalName.isBlank(), "principalName",
        "Principal is required");
    cluster = cluster == null ? "" : cluster;
    view = view == null ? "" : view;
    viewVersion = viewVersion == null ? "" : viewVersion;
    viewInstance = viewInstance == null ? "" : viewInstance;
    InvalidInputException.check(type != ResourceType.CLUSTER || !cluster.isEmpty(), "cluster",
        "Cluster privilege %s of %s names no cluster", permission, principalName);
    InvalidInputException.check(type != ResourceType.VIEW || !(view.isEmpty() || viewVersion.isEmpty()
        || viewInstance.isEmpty()), "view", "View privilege %s of %s names no view instance", permission, principalName);
  }

  public static AmbariPrivilege ambari(String permission, String principal, PrincipalType type) {
    return new AmbariPrivilege(0, permission, principal, type, ResourceType.AMBARI, "", "", "", "");
  }

  public static AmbariPrivilege cluster(String cluster, String permission, String principal, PrincipalType type) {
    return new AmbariPrivilege(0, permission, principal, type, ResourceType.CLUSTER, cluster, "", "", "");
  }

  public static AmbariPrivilege view(String view, String version, String instance, String permission,
      String principal, PrincipalType type) {
    return new AmbariPrivilege(0, permission, principal, type, ResourceType.VIEW, "", view, version, instance);
  }

  /** Where the grant applies: {@code ambari}, {@code cluster:c1} or {@code view:FILES/1.0.0/AUTO_FILES_INSTANCE}. */
  public String resource() {
    return switch (type) {
      case AMBARI -> "ambari";
      case CLUSTER -> "cluster:" + cluster;
      case VIEW -> "view:" + view + "/" + viewVersion + "/" + viewInstance;
    };
  }
}
