package dev.tandem.registry;

import dev.tandem.engine.WriterFence;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The metastore's side of a cut's fence. The control plane raises {@code metastore-fences/<group>} (ephemeral,
 * its data naming the objects held) once the application writers have drained, and waits for the in-flight
 * metastore writes to finish. A metastore listener registers each write under {@code metastore-writes} first
 * and looks for a fence on its object second, so either the write sees the fence and waits, or the fence sees
 * the write and waits for it: no metadata change can fall between the snapshots and the event id of a cut.
 *
 * <p>Writes register whatever their object, because the listener learns which groups hold what only by
 * reading the fences: the common case, no fence raised, costs one create, one list and one delete.
 */
public final class ZkMetastoreFence implements AutoCloseable {
  private final CuratorFramework client;
  private final RegistryPaths paths;
  private final boolean ownsClient;

  public ZkMetastoreFence(CuratorFramework client, RegistryPaths paths) {
    this(client, paths, false);
  }

  /** @param ownsClient close the client with the fence (the metastore listener's own connection) */
  public ZkMetastoreFence(CuratorFramework client, RegistryPaths paths, boolean ownsClient) {
    this.client = client;
    this.paths = paths;
    this.ownsClient = ownsClient;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  /** Holds metastore writes on the objects {@code held} describes, after waiting for in-flight writes. */
  public WriterFence.Raised raise(GroupName group, byte[] held, Duration drainTimeout) {
    String node = paths.metastoreFence(group);
    try {
      client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(node, held);
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
      awaitDrained(group, drainTimeout);
      return raised;
    } catch (RuntimeException e) {
      raised.close();
      throw e;
    }
  }

  private void awaitDrained(GroupName group, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      client.createContainers(paths.metastoreWrites());
      while (true) {
        CountDownLatch changed = new CountDownLatch(1);
        CuratorWatcher watcher = event -> changed.countDown();
        int inFlight = client.getChildren().usingWatcher(watcher).forPath(paths.metastoreWrites()).size();
        if (inFlight == 0) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
          throw new ConflictException(inFlight + " in-flight metastore write(s) did not finish within "
              + timeout.toMillis() + " ms; the cut of group " + group + " was not taken");
        }
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("wait for in-flight metastore writes", e);
    }
  }

  /**
   * Registers a metastore write, waiting up to {@code wait} while a fence whose data {@code fencedBy} accepts
   * is raised. Throws {@link ConflictException} when the fence stays up longer.
   */
  public WriterFence.Write begin(Predicate<byte[]> fencedBy, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        String mine = client.create().creatingParentContainersIfNeeded()
            .withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(paths.metastoreWrites() + "/w-");
        String blocking = blockingFence(fencedBy);
        if (blocking == null) {
          AtomicBoolean done = new AtomicBoolean();
          return () -> {
            if (done.compareAndSet(false, true)) {
              deleteQuietly(mine);
            }
          };
        }
        deleteQuietly(mine);
        CountDownLatch lowered = new CountDownLatch(1);
        CuratorWatcher watcher = event -> lowered.countDown();
        if (client.checkExists().usingWatcher(watcher).forPath(blocking) == null) {
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !lowered.await(left, TimeUnit.NANOSECONDS)) {
          throw new ConflictException("Metastore objects are fenced for a cut (" + blocking + "); write not started "
              + "within " + wait.toMillis() + " ms");
        }
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("register a metastore write", e);
    }
  }

  private String blockingFence(Predicate<byte[]> fencedBy) throws Exception {
    List<String> fenced;
    try {
      fenced = client.getChildren().forPath(paths.metastoreFences());
    } catch (KeeperException.NoNodeException e) {
      return null;
    }
    for (String group : fenced) {
      String node = paths.metastoreFences() + "/" + group;
      try {
        if (fencedBy.test(client.getData().forPath(node))) {
          return node;
        }
      } catch (KeeperException.NoNodeException e) {
        // lowered meanwhile
      }
    }
    return null;
  }

  private void deleteQuietly(String path) {
    try {
      client.delete().guaranteed().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // already gone
    } catch (Exception e) {
      throw unavailable("finish a metastore write", e);
    }
  }

  private static PeerUnavailableException unavailable(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Registry: cannot " + what + ": " + e.getMessage(), e);
  }
}
