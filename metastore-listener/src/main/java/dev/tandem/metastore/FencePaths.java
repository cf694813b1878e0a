package dev.tandem.metastore;

/**
 * The znodes of the metastore fence under a site's registry root: the protocol both sides follow, the control
 * plane's {@code ZkMetastoreFence} (through {@code RegistryPaths}) and each metastore's
 * {@link MetastoreFenceWatch}.
 */
public final class FencePaths {
  private final String root;

  public FencePaths(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** Metastore fences: one ephemeral child per fenced group, its data the objects held ({@link FenceScope}). */
  public String metastoreFences() {
    return root + "/metastore-fences";
  }

  public String metastoreFence(String group) {
    return metastoreFences() + "/" + group;
  }

  /** Metastores holding writes for fences: one ephemeral child each, named by the metastore's watch. */
  public String metastoreInstances() {
    return root + "/metastore-instances";
  }

  public String metastoreInstance(String instance) {
    return metastoreInstances() + "/" + instance;
  }

  /** Confirmations of fences: one container per fenced group. */
  public String metastoreAcks() {
    return root + "/metastore-acks";
  }

  /** Confirmations of a group's fence: one ephemeral child per metastore, its data the fence's creation id. */
  public String metastoreAcks(String group) {
    return metastoreAcks() + "/" + group;
  }

  public String metastoreAck(String group, String instance) {
    return metastoreAcks(group) + "/" + instance;
  }
}
