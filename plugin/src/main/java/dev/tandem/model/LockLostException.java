package dev.tandem.model;

/**
 * A run's lock is no longer (or can no longer be proved to be) held: its ZooKeeper session was lost, or its lock
 * node is gone. Another server may hold the lock now, so the run must stop before it commits; the next run
 * repairs whatever this one left half done.
 */
public class LockLostException extends TandemException {
  public LockLostException(String message) {
    super(message);
  }

  public LockLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
