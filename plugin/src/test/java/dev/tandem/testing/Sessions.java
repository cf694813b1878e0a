package dev.tandem.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** ZooKeeper session faults, as a real outage causes them. */
public final class Sessions {
  private Sessions() {}

  /**
   * Ends {@code client}'s session on the server, as the server does when it stops hearing from a client: a second
   * handle joins the session (same id and password) and closes it. The server deletes the session's ephemeral
   * nodes at once; {@code client} learns of it when it reconnects (Curator then reports LOST and opens a new
   * session). Returns the id of the session that was ended.
   */
  public static long expire(CuratorFramework client) throws Exception {
    ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
    long id = zk.getSessionId();
    CountDownLatch joined = new CountDownLatch(1);
    ZooKeeper twin = new ZooKeeper(client.getZookeeperClient().getCurrentConnectionString(), 10_000, e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
        joined.countDown();
      }
    }, id, zk.getSessionPasswd());
    try {
      if (!joined.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("Could not join ZooKeeper session 0x" + Long.toHexString(id));
      }
    } finally {
      twin.close();
    }
    return id;
  }
}
