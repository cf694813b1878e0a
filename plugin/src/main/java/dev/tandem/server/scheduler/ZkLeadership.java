package dev.tandem.server.scheduler;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership among the servers of one site through Curator's {@link LeaderLatch}. ZooKeeper connection states are
 * handled explicitly: SUSPENDED and LOST mean "not leader" at once (another server may take over while this one
 * cannot see ZooKeeper); RECONNECTED lets the latch re-check. Even so, two servers may briefly both believe they
 * lead; the scheduler's compare-and-set on each scheduled moment keeps that from starting a run twice.
 */
public final class ZkLeadership implements Scheduler.Leadership, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ZkLeadership.class);

  private enum State { LATENT, STARTED, CLOSED }

  private final CuratorFramework client;
  private final LeaderLatch latch;
  private final String id;
  private final Runnable onGained;
  private final Runnable onLost;
  private final AtomicBoolean connected = new AtomicBoolean(true);
  /** Leadership callbacks run here, not on Curator's event thread, so that they may talk to ZooKeeper. */
  private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tandem-leadership");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  /**
   * @param onGained called (on a thread of its own) each time this server becomes leader
   * @param onLost called on the same thread each time it stops being leader (also on a SUSPENDED or LOST
   *     connection, which the latch reports as a loss)
   */
  public ZkLeadership(CuratorFramework client, String path, String id, Runnable onGained, Runnable onLost) {
    this.client = client;
    this.latch = new LeaderLatch(client, path, id, LeaderLatch.CloseMode.NOTIFY_LEADER);
    this.id = id;
    this.onGained = onGained;
    this.onLost = onLost;
  }

  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    client.getConnectionStateListenable().addListener((c, newState) -> handleStateChange(newState));
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        LOG.info("Scheduler {} is now the leader", id);
        try {
          onGained.run();
        } catch (RuntimeException e) {
          LOG.warn("After gaining leadership: {}", e.getMessage());
        }
      }

      @Override
      public void notLeader() {
        LOG.info("Scheduler {} is no longer the leader", id);
        try {
          onLost.run();
        } catch (RuntimeException e) {
          LOG.warn("After losing leadership: {}", e.getMessage());
        }
      }
    }, callbacks);
    try {
      latch.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the scheduler's leader latch: " + e.getMessage(), e);
    }
  }

  private void handleStateChange(ConnectionState newState) {
    switch (newState) {
      case SUSPENDED, LOST -> {
        connected.set(false);
        LOG.warn("Scheduler {}: ZooKeeper connection {}; not scheduling until it is back", id, newState);
      }
      case CONNECTED, RECONNECTED -> connected.set(true);
      default -> { }
    }
  }

  @Override
  public boolean isLeader() {
    return state.get() == State.STARTED && connected.get() && latch.hasLeadership();
  }

  public String id() {
    return id;
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) != State.STARTED) {
      return;
    }
    try {
      latch.close();
    } catch (IOException | IllegalStateException e) {
      LOG.debug("Closing the leader latch: {}", e.getMessage());
    }
    callbacks.shutdown();
  }
}
