package dev.tandem.engine;

import java.time.Duration;

/** Mutual exclusion of runs of one group across servers. */
public interface GroupLock {
  /**
   * Acquires the lock or throws {@link dev.tandem.model.ConflictException} when another holder keeps it past
   * {@code wait}. The returned handle releases it; releasing twice is harmless.
   */
  Held acquire(Duration wait);

  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
