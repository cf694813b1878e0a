package dev.tandem.registry;

import dev.tandem.engine.GroupLock;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.LockLostException;
import dev.tandem.model.PeerUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's run lock: Curator's {@link InterProcessMutex}, released with the holder's session if it dies.
 *
 * <p>The held lock watches its client's connection, with the policy of Curator's {@code LeaderLatch}: LOST (the
 * session expired, or the connection was down longer than the session timeout) means the lock is gone for good;
 * SUSPENDED means it is not safe to rely on until ZooKeeper confirms that the lock node still exists and is owned
 * by the session that created it; RECONNECTED alone proves nothing (the session may be a new one).
 */
final class ZkGroupLock implements GroupLock {
  private static final Logger LOG = LoggerFactory.getLogger(ZkGroupLock.class);

  private final CuratorFramework client;
  private final Mutex mutex;
  private final GroupName group;

  ZkGroupLock(CuratorFramework client, String path, GroupName group) {
    this.client = client;
    this.mutex = new Mutex(client, path);
    this.group = group;
  }

  @Override
  public Held acquire(Duration wait) {
    ZkHeld held = new ZkHeld();
    // Listening before acquiring: a loss between the two is then either seen here or by the check in attach().
    client.getConnectionStateListenable().addListener(held);
    try {
      if (!mutex.acquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ConflictException("Another run of group " + group + " is in progress");
      }
    } catch (ConflictException e) {
      client.getConnectionStateListenable().removeListener(held);
      throw e;
    } catch (Exception e) {
      client.getConnectionStateListenable().removeListener(held);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new PeerUnavailableException("Cannot take the run lock of group " + group + ": " + e.getMessage(), e);
    }
    try {
      held.attach(mutex.node());
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /** Exposes the node the mutex created for the calling thread; the mutex keeps it per thread. */
  private static final class Mutex extends InterProcessMutex {
    Mutex(CuratorFramework client, String path) {
      super(client, path);
    }

    String node() {
      return getLockPath();
    }
  }

  private final class ZkHeld implements Held, ConnectionStateListener {
    private final AtomicBoolean released = new AtomicBoolean();
    /** Why the lock is gone; null while it is held. */
    private final AtomicReference<String> lost = new AtomicReference<>();
    private volatile boolean suspended;
    private volatile String node;
    private volatile long session;

    /** Records the lock node and the session that owns it, and checks that the session is the client's current one. */
    void attach(String lockNode) {
      Stat stat = stat(lockNode);
      if (stat == null) {
        throw lockLost("its lock node " + lockNode + " vanished right after it was created");
      }
      this.node = lockNode;
      this.session = stat.getEphemeralOwner();
      suspended = false; // whatever happened while acquiring, the owner checked below is what counts
      check(stat);
    }

    @Override
    public void stateChanged(CuratorFramework c, ConnectionState state) {
      switch (state) {
        case SUSPENDED -> suspended = true;
        case LOST -> {
          if (node != null && lost.compareAndSet(null, "ZooKeeper session " + hex(session)
              + " was lost (it expired, or the connection was down longer than the session timeout)")) {
            LOG.warn("Run lock of group {}: {}", group, lost.get());
          }
        }
        default -> { } // CONNECTED, RECONNECTED, READ_ONLY: a later confirmation decides
      }
    }

    @Override
    public void ensureHeld() {
      failIfLost();
      if (suspended) {
        confirm();
      }
    }

    @Override
    public void confirm() {
      failIfLost();
      check(stat(node));
    }

    private void check(Stat stat) {
      if (stat == null) {
        throw lose("ZooKeeper session " + hex(session) + " no longer holds it: its lock node " + node + " is gone");
      }
      if (stat.getEphemeralOwner() != session) {
        throw lose("ZooKeeper session " + hex(session) + " no longer holds it: its lock node " + node
            + " belongs to session " + hex(stat.getEphemeralOwner()));
      }
      long current = currentSession();
      if (current != session) {
        throw lose("ZooKeeper session " + hex(session) + " that holds it is no longer this client's (now "
            + hex(current) + "); it expired");
      }
      suspended = false;
    }

    private Stat stat(String path) {
      try {
        return client.checkExists().forPath(path);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new LockLostException("Lost the run lock of group " + group + ": ZooKeeper session " + hex(session)
            + " cannot be confirmed to hold it (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
      }
    }

    private long currentSession() {
      try {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
      } catch (Exception e) {
        return 0;
      }
    }

    private void failIfLost() {
      String why = lost.get();
      if (why != null) {
        throw lockLost(why);
      }
    }

    private LockLostException lose(String why) {
      lost.compareAndSet(null, why);
      return lockLost(lost.get());
    }

    private LockLostException lockLost(String why) {
      return new LockLostException("Lost the run lock of group " + group + ": " + why);
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        client.getConnectionStateListenable().removeListener(this);
        try {
          mutex.release();
        } catch (Exception e) {
          // The lock node is ephemeral: if release fails, it goes with the session.
          throw new PeerUnavailableException("Cannot release the run lock of group " + group, e);
        }
      }
    }
  }

  private static String hex(long session) {
    return "0x" + Long.toHexString(session);
  }
}
