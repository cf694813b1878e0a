package dev.tandem.hive;

import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs metastore calls for many objects over a few connections at once. A metastore serves each connection
 * on its own thread, and most of a call's time is spent there, so a handful of connections shortens a dump
 * or a bootstrap several times over without loading the metastore more than a few clients would.
 */
final class HmsParallel {
  static final int CONNECTIONS = 4;

  private HmsParallel() {}

  @FunctionalInterface
  interface Work<T, R> {
    R apply(HmsClient client, List<T> chunk);
  }

  /** Splits {@code items} into contiguous chunks, one per connection, and returns the results in chunk order. */
  static <T, R> List<R> run(String uri, List<T> items, Work<T, R> work) {
    int n = Math.max(1, Math.min(CONNECTIONS, items.size()));
    if (n == 1) {
      try (HmsClient c = HmsClient.connect(uri, HmsMetastoreReplicator.TIMEOUT_MS)) {
        return List.of(work.apply(c, items));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "tandem-hms");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      int size = (items.size() + n - 1) / n;
      for (int i = 0; i < items.size(); i += size) {
        List<T> chunk = items.subList(i, Math.min(items.size(), i + size));
        futures.add(pool.submit(() -> {
          try (HmsClient c = HmsClient.connect(uri, HmsMetastoreReplicator.TIMEOUT_MS)) {
            return work.apply(c, chunk);
          }
        }));
      }
      List<R> out = new ArrayList<>();
      for (Future<R> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new TandemException("Metastore " + uri + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TandemException("Interrupted while calling metastore " + uri, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
