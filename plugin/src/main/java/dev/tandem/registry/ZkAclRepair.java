package dev.tandem.registry;

import dev.tandem.model.PeerUnavailableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives Tandem's existing znodes the ACLs its {@link TandemAclProvider} gives new ones: a registry written before
 * authentication was turned on (or with other ids) is open until then. Persistent nodes only: ephemeral ones (locks,
 * fences, registrations, endorsements) live for a session and come back with the new ACLs.
 *
 * <p>The root is set last, after everything below it: a root with the expected ACL means the tree was done, so
 * {@link #ifNeeded} costs one read once the tree has been repaired, and a repair cut short (a crash, a node another
 * identity owns) is taken up again next time. Needs ADMIN on each node: nodes created without ACLs are open, so the
 * first repair works; a node that refuses is reported and left.
 */
public final class ZkAclRepair {
  private static final Logger LOG = LoggerFactory.getLogger(ZkAclRepair.class);

  /** What a repair did. {@code refused} lists nodes whose ACL this identity may not set. */
  public record Result(int changed, int unchanged, List<String> refused) {
    public boolean complete() {
      return refused.isEmpty();
    }
  }

  private final CuratorFramework client;
  private final String root;
  private final ACLProvider acls;

  public ZkAclRepair(CuratorFramework client, String root, ACLProvider acls) {
    this.client = client;
    this.root = root;
    this.acls = acls;
  }

  /**
   * Repairs the tree unless its root has the expected ACL already (or does not exist); null when not needed. A root
   * this identity may not read is reported as refused, untouched.
   */
  public Result ifNeeded() {
    try {
      Stat stat = client.checkExists().forPath(root);
      if (stat == null || same(client.getACL().forPath(root), acls.getAclForPath(root))) {
        return null;
      }
    } catch (KeeperException.NoAuthException e) {
      // another identity owns the tree (a changed secret or ids): only that identity or the super user can repair it
      return new Result(0, 0, List.of(root));
    } catch (Exception e) {
      throw new PeerUnavailableException("Cannot read the ACL of " + root + ": " + e.getMessage(), e);
    }
    return run();
  }

  /** Walks the whole tree under the root and sets every ACL that differs. */
  public Result run() {
    int[] counts = new int[2];
    List<String> refused = new ArrayList<>();
    try {
      walk(root, counts, refused);
    } catch (Exception e) {
      throw new PeerUnavailableException("ACL repair of " + root + " stopped: " + e.getMessage(), e);
    }
    Result result = new Result(counts[0], counts[1], List.copyOf(refused));
    LOG.info("ACLs under {}: {} set, {} already right{}", root, result.changed(), result.unchanged(),
        refused.isEmpty() ? "" : ", refused on " + refused);
    return result;
  }

  private void walk(String path, int[] counts, List<String> refused) throws Exception {
    List<String> children;
    try {
      children = client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return;
    } catch (KeeperException.NoAuthException e) {
      refused.add(path);
      return;
    }
    for (String child : children) {
      walk((path.equals("/") ? "" : path) + "/" + child, counts, refused);
    }
    if (path.equals(root) && !refused.isEmpty()) {
      return; // the root stays as it was, so that the next start tries again
    }
    Stat stat = new Stat();
    List<ACL> current;
    try {
      current = client.getACL().storingStatIn(stat).forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return;
    }
    if (stat.getEphemeralOwner() != 0) {
      return;
    }
    List<ACL> wanted = acls.getAclForPath(path);
    if (same(current, wanted)) {
      counts[1]++;
      return;
    }
    try {
      client.setACL().withVersion(stat.getAversion()).withACL(wanted).forPath(path);
      counts[0]++;
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
      // deleted or changed meanwhile: whoever did it used the provider's ACLs
    } catch (KeeperException.NoAuthException e) {
      refused.add(path);
    }
  }

  private static boolean same(List<ACL> a, List<ACL> b) {
    return new HashSet<>(a).equals(new HashSet<>(b));
  }
}
