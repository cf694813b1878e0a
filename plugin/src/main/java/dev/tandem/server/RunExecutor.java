package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.Run;
import dev.tandem.model.TandemException;
import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs on a bounded pool: at most {@code threads} at once, never two of one group. {@link #start}
 * returns as soon as the run has recorded itself as RUNNING, so the caller learns its id; the rest happens in the
 * background.
 */
final class RunExecutor implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

  private final ControlPlane controlPlane;
  private final RunTracker tracker;
  private final ThreadPoolExecutor pool;
  private final Duration startTimeout;

  RunExecutor(ControlPlane controlPlane, RunTracker tracker, int threads, Duration startTimeout) {
    this.controlPlane = controlPlane;
    this.tracker = tracker;
    this.startTimeout = startTimeout;
    AtomicInteger n = new AtomicInteger();
    // No queue: a run either starts now or is refused; a queued run would start at a time nobody chose.
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "tandem-run-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a run of {@code group} and returns its first record (state RUNNING). Throws
   * {@link ConflictException} when the group already runs here or every run slot is busy, and whatever the
   * engine threw when the run could not begin at all (unknown group, unreachable site).
   */
  Run start(GroupName group, String requestedBy) {
    return start(group, requestedBy, false);
  }

  /** @param verifyAll the run compares every file with the primary (see {@link ControlPlane#runNow(GroupName, boolean)}) */
  Run start(GroupName group, String requestedBy, boolean verifyAll) {
    RunTracker.Active active = tracker.begin(group, requestedBy);
    try {
      pool.execute(() -> execute(active, verifyAll));
    } catch (RejectedExecutionException e) {
      tracker.end(active);
      throw new ConflictException("This server already executes " + pool.getMaximumPoolSize()
          + " runs (tandem.server.run.threads); try again when one has finished");
    }
    try {
      return active.started.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TandemException te) {
        throw te;
      }
      throw new TandemException("Run of group " + group + " could not start: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new PeerUnavailableException("The run of group " + group + " did not start within "
          + startTimeout.toSeconds() + " s (a site is slow to answer); it may still start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnavailableException("Interrupted while starting a run of group " + group, e);
    }
  }

  private void execute(RunTracker.Active active, boolean verifyAll) {
    try {
      Run run = controlPlane.runNow(active.group, verifyAll, active.requestedBy);
      LOG.info("Run {} of group {} (requested by {}) ended {}{}", run.id(), active.group, active.requestedBy,
          run.state(), run.error() == null ? "" : ": " + run.error());
    } catch (RuntimeException e) {
      // The engine could not even begin (it reports failures of a begun run in the run itself).
      active.started.completeExceptionally(e);
      LOG.warn("Run of group {} (requested by {}) could not start: {}", active.group, active.requestedBy,
          e.getMessage());
    } finally {
      tracker.end(active);
    }
  }

  /** Asks every executing run to stop at its next step boundary and waits a while for them to do so. */
  @Override
  public void close() {
    tracker.all().forEach(a -> a.cancelledBy = "server shutdown");
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Runs still executing after 30 s; interrupting them");
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
    }
  }
}
