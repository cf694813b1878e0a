package dev.tandem.engine;

import java.time.Duration;

/** Mutual exclusion of runs of one group across servers. */
public interface GroupLock {
  /**
   * Acquires the lock or throws {@link dev.tandem.model.ConflictException} when another holder keeps it past
   * {@code wait}. The returned handle releases it; releasing twice is harmless.
   */
  Held acquire(Duration wait);

  /**
   * A held lock. It can be lost without its holder doing anything: the lock service (ZooKeeper) ends the holder's
   * session when it stops hearing from it, and then another server may take the lock. A holder therefore checks
   * the lock before anything that must happen only under it.
   *
   * <p>Race: the lock can still be lost between a successful check and the action that follows it. Commits do not
   * rely on the lock alone: the last good cut moves by compare-and-set ({@link Registry#moveLastGoodCut}), so of
   * two runs committing from the same last good cut exactly one succeeds.
   */
  interface Held extends AutoCloseable {
    /**
     * Cheap check between steps: throws {@link dev.tandem.model.LockLostException} when the holder already knows
     * the lock is gone (its session was lost). Asks the lock service, as {@link #confirm()} does, only while the
     * connection is or was suspended since the last confirmation; otherwise does no I/O.
     */
    void ensureHeld();

    /**
     * Asks the lock service, now, whether the lock is still held by this holder's session; throws
     * {@link dev.tandem.model.LockLostException} when it is not or when that cannot be established (the connection
     * stays down). Called right before committing.
     */
    void confirm();

    @Override
    void close();
  }
}
