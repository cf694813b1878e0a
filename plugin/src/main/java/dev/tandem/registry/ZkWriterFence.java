package dev.tandem.registry;

import dev.tandem.engine.WriterFence;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The fence as two ephemeral znodes: {@code raised} (one, by the control plane) and {@code writers/w-N} (one
 * per in-flight write). A writer registers first and checks {@code raised} second; the fence is raised first
 * and drains second. Either the writer sees the fence and backs off, or the fence sees the writer and waits.
 * Both are ephemeral, so a process that dies releases what it held.
 */
final class ZkWriterFence implements WriterFence, WriterFence.Writers {
  private final CuratorFramework client;
  private final String raisedPath;
  private final String writersPath;
  private final GroupName group;

  ZkWriterFence(CuratorFramework client, String raisedPath, String writersPath, GroupName group) {
    this.client = client;
    this.raisedPath = raisedPath;
    this.writersPath = writersPath;
    this.group = group;
  }

  @Override
  public Raised raise(Duration drainTimeout) {
    try {
      client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(raisedPath);
    } catch (KeeperException.NodeExistsException e) {
      throw new ConflictException("Writers of group " + group + " are already fenced by another cut");
    } catch (Exception e) {
      throw unavailable("raise the fence", e);
    }
    AtomicBoolean lowered = new AtomicBoolean();
    Raised raised = () -> {
      if (lowered.compareAndSet(false, true)) {
        try {
          client.delete().guaranteed().forPath(raisedPath);
        } catch (KeeperException.NoNodeException e) {
          // gone with a lost session: the writers are free either way
        } catch (Exception e) {
          throw unavailable("lower the fence", e);
        }
      }
    };
    try {
      awaitDrained(drainTimeout);
      return raised;
    } catch (RuntimeException e) {
      raised.close();
      throw e;
    }
  }

  private void awaitDrained(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      client.createContainers(writersPath);
      while (true) {
        CountDownLatch changed = new CountDownLatch(1);
        CuratorWatcher watcher = event -> changed.countDown();
        int inFlight = client.getChildren().usingWatcher(watcher).forPath(writersPath).size();
        if (inFlight == 0) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
          throw new ConflictException(inFlight + " in-flight write(s) of group " + group + " did not finish within "
              + timeout.toMillis() + " ms; the cut was not taken");
        }
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("wait for in-flight writes", e);
    }
  }

  @Override
  public Write begin(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        String mine = client.create().creatingParentContainersIfNeeded()
            .withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(writersPath + "/w-");
        CountDownLatch lowered = new CountDownLatch(1);
        CuratorWatcher watcher = event -> lowered.countDown();
        if (client.checkExists().usingWatcher(watcher).forPath(raisedPath) == null) {
          AtomicBoolean done = new AtomicBoolean();
          return () -> {
            if (done.compareAndSet(false, true)) {
              deleteQuietly(mine);
            }
          };
        }
        deleteQuietly(mine);
        long left = deadline - System.nanoTime();
        if (left <= 0 || !lowered.await(left, TimeUnit.NANOSECONDS)) {
          throw new ConflictException("Group " + group + " is fenced for a cut; write not started within "
              + wait.toMillis() + " ms");
        }
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("register a write", e);
    }
  }

  private void deleteQuietly(String path) {
    try {
      client.delete().guaranteed().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // already gone
    } catch (Exception e) {
      throw unavailable("finish a write", e);
    }
  }

  private PeerUnavailableException unavailable(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Registry: cannot " + what + " for group " + group + ": " + e.getMessage(), e);
  }
}
