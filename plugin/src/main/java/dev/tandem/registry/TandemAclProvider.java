package dev.tandem.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The ACL of every znode Tandem creates in a registry, by path. Without authentication every node is open
 * ({@code world:anyone} ALL), as before. With it:
 *
 * <ul>
 *   <li>Tandem's ids ({@link ZkSecurity#tandemIds}) get every right on every node; the world gets nothing, so a
 *       client without Tandem's credentials can neither read nor change groups, cuts, the last good cut, runs,
 *       epochs, statuses, fences or the audit log.</li>
 *   <li>The metastores' fence listener (only with SASL, where it authenticates as the metastore's own principal,
 *       {@link ZkSecurity#listenerIds}) gets what its protocol needs and nothing else: READ on
 *       {@code metastore-fences} and the fences below it, every right on {@code metastore-instances} and
 *       {@code metastore-acks} (it registers and confirms there), and CREATE and READ on the root (ZooKeeper deletes
 *       the empty {@code metastore-fences} container, and the listener creates it again; Curator's parent check
 *       reads the root, which holds no data).</li>
 * </ul>
 *
 * <p>The listener creates its nodes with the same rule (its copy in the metastore-listener module,
 * {@code ListenerZkAuth}, reads the same ids from hive-site), so that {@link ZkAclRepair} finds nothing to change.
 */
public final class TandemAclProvider implements ACLProvider {
  private static final String FENCES = "metastore-fences";
  private static final String INSTANCES = "metastore-instances";
  private static final String ACKS = "metastore-acks";

  private final String root;
  private final boolean enabled;
  private final List<ACL> tandem;
  private final List<ACL> rootAcl;
  private final List<ACL> fences;
  private final List<ACL> listenerOwned;

  public TandemAclProvider(String root, ZkSecurity security) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    this.enabled = security.enabled();
    this.tandem = acl(security.tandemIds(), Perms.ALL);
    List<Id> listener = security.listenerIds();
    this.rootAcl = plus(tandem, acl(listener, Perms.CREATE | Perms.READ));
    this.fences = plus(tandem, acl(listener, Perms.READ));
    this.listenerOwned = plus(tandem, acl(listener, Perms.ALL));
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return enabled ? tandem : Ids.OPEN_ACL_UNSAFE;
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    if (!enabled) {
      return Ids.OPEN_ACL_UNSAFE;
    }
    if (path.equals(root)) {
      return rootAcl;
    }
    String below = path.startsWith(root + "/") ? path.substring(root.length() + 1) : null;
    if (below == null) {
      return tandem;
    }
    String top = below.contains("/") ? below.substring(0, below.indexOf('/')) : below;
    switch (top) {
      case FENCES:
        return fences;
      case INSTANCES:
      case ACKS:
        return listenerOwned;
      default:
        return tandem;
    }
  }

  private static List<ACL> acl(List<Id> ids, int perms) {
    return Collections.unmodifiableList(new ArrayList<>(ids.stream().map(id -> new ACL(perms, id)).toList()));
  }

  private static List<ACL> plus(List<ACL> a, List<ACL> b) {
    List<ACL> out = new ArrayList<>(a);
    for (ACL acl : b) {
      if (!out.contains(acl)) {
        out.add(acl);
      }
    }
    // not List.copyOf: ZooKeeper checks acl.contains(null), which immutable lists refuse with an NPE
    return Collections.unmodifiableList(out);
  }
}
