package dev.tandem.registry;

import dev.tandem.engine.GroupLock;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

/** A group's run lock: Curator's {@link InterProcessMutex}, released with the holder's session if it dies. */
final class ZkGroupLock implements GroupLock {
  private final InterProcessMutex mutex;
  private final GroupName group;

  ZkGroupLock(CuratorFramework client, String path, GroupName group) {
    this.mutex = new InterProcessMutex(client, path);
    this.group = group;
  }

  @Override
  public Held acquire(Duration wait) {
    try {
      if (!mutex.acquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ConflictException("Another run of group " + group + " is in progress");
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw new PeerUnavailableException("Cannot take the run lock of group " + group + ": " + e.getMessage(), e);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        try {
          mutex.release();
        } catch (Exception e) {
          // The lock node is ephemeral: if release fails, it goes with the session.
          throw new PeerUnavailableException("Cannot release the run lock of group " + group, e);
        }
      }
    };
  }
}
