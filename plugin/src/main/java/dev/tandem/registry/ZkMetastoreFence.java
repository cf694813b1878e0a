package dev.tandem.registry;

import dev.tandem.engine.WriterFence;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The control plane's side of a cut's metadata fence. {@link #raise} creates {@code metastore-fences/<group>}
 * (ephemeral, its data naming the objects held), then waits until every metastore registered under
 * {@code metastore-instances} has confirmed it under {@code metastore-acks/<group>}: each metastore's
 * {@link dev.tandem.metastore.MetastoreFenceWatch} (in tandem-metastore-listener) confirms once its in-flight writes on those objects have finished, and holds
 * later ones. No metadata change can then fall between the snapshots and the event id of the cut.
 *
 * <p>A confirmation carries the fence's creation id, so one left from an earlier fence of the group does not
 * count. A control plane that dies while fencing releases the metastores with its session.
 */
public final class ZkMetastoreFence {
  private final CuratorFramework client;
  private final RegistryPaths paths;

  public ZkMetastoreFence(CuratorFramework client, RegistryPaths paths) {
    this.client = client;
    this.paths = paths;
  }

  /**
   * Holds metastore writes on the objects {@code held} describes, once every metastore has confirmed that its
   * in-flight writes on them have finished (within {@code drainTimeout}, else {@link ConflictException}).
   */
  public WriterFence.Raised raise(GroupName group, byte[] held, Duration drainTimeout) {
    String node = paths.metastoreFence(group);
    Stat created = new Stat();
    try {
      client.create().storingStatIn(created).creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
          .forPath(node, held);
    } catch (KeeperException.NodeExistsException e) {
      throw new ConflictException("Metastore writers of group " + group + " are already fenced by another cut");
    } catch (Exception e) {
      throw unavailable("raise the metastore fence of group " + group, e);
    }
    AtomicBoolean lowered = new AtomicBoolean();
    WriterFence.Raised raised = () -> {
      if (lowered.compareAndSet(false, true)) {
        try {
          client.delete().guaranteed().forPath(node);
        } catch (KeeperException.NoNodeException e) {
          // gone with the session
        } catch (Exception e) {
          throw unavailable("lower the metastore fence of group " + group, e);
        }
      }
    };
    try {
      awaitConfirmed(group, created.getCzxid(), drainTimeout);
      return raised;
    } catch (RuntimeException e) {
      raised.close();
      throw e;
    }
  }

  /** The metastores registered now (each runs Tandem's listener); none when no metastore has registered yet. */
  public List<String> instances() {
    try {
      return client.getChildren().forPath(paths.metastoreInstances());
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw unavailable("list the registered metastores", e);
    }
  }

  private void awaitConfirmed(GroupName group, long czxid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String acks = paths.metastoreAcks(group.value());
    try {
      while (true) {
        CountDownLatch changed = new CountDownLatch(1);
        CuratorWatcher watcher = event -> changed.countDown();
        Set<String> pending = new TreeSet<>(children(paths.metastoreInstances(), watcher));
        for (String instance : children(acks, watcher)) {
          if (pending.contains(instance) && confirms(acks + "/" + instance, czxid, watcher)) {
            pending.remove(instance);
          }
        }
        if (pending.isEmpty()) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
          throw new ConflictException(pending.size() + " metastore(s) did not confirm the fence of group " + group
              + " within " + timeout.toMillis() + " ms (writes on its objects still in flight, or the metastore "
              + "cannot reach the registry): " + pending + "; the cut was not taken");
        }
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("wait for the metastores to confirm the fence of group " + group, e);
    }
  }

  /** Children of {@code path}, watched; none when it does not exist yet (watched for its creation). */
  private List<String> children(String path, CuratorWatcher watcher) throws Exception {
    try {
      return client.getChildren().usingWatcher(watcher).forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return client.checkExists().usingWatcher(watcher).forPath(path) == null ? List.of()
          : client.getChildren().usingWatcher(watcher).forPath(path);
    }
  }

  private boolean confirms(String ack, long czxid, CuratorWatcher watcher) throws Exception {
    try {
      byte[] data = client.getData().usingWatcher(watcher).forPath(ack);
      return Long.toString(czxid).equals(new String(data, StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      return false;
    }
  }

  private static PeerUnavailableException unavailable(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Registry: cannot " + what + ": " + e.getMessage(), e);
  }
}
