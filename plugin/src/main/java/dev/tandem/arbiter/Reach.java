package dev.tandem.arbiter;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into registries with a deadline, so that a loop serving two sites keeps its pace when one of them hangs
 * (a black-holed network answers nothing until the client's session times out). A call that misses its deadline
 * is interrupted and reported as unreachable; whether a write it carried landed is unknown, which is why every
 * write here is a compare-and-set or idempotent.
 */
final class Reach implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reach.class);

  /** A call's outcome: {@code reachable} false means the registry did not answer, not that a record is absent. */
  record Observed<T>(boolean reachable, T value) {
    static <T> Observed<T> unreachable() {
      return new Observed<>(false, null);
    }
  }

  private final ExecutorService pool;

  Reach(String name) {
    this.pool = Executors.newCachedThreadPool(daemon(name));
  }

  <T> Observed<T> call(Callable<T> body, Duration timeout, String what) {
    Future<T> f;
    try {
      f = pool.submit(body);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Observed.unreachable();
    }
    try {
      return new Observed<>(true, f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      f.cancel(true);
      LOG.debug("{}: no answer within {} ms", what, timeout.toMillis());
      return Observed.unreachable();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re && !(cause instanceof dev.tandem.model.PeerUnavailableException)
          && !(cause instanceof dev.tandem.model.CommitStateUnknownException)) {
        throw re; // conflicts and corrupt records are the caller's business
      }
      LOG.debug("{}: {}", what, cause.getMessage());
      return Observed.unreachable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return Observed.unreachable();
    }
  }

  boolean run(Runnable body, Duration timeout, String what) {
    return call(() -> {
      body.run();
      return Boolean.TRUE;
    }, timeout, what).reachable();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
