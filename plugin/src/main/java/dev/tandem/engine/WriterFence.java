package dev.tandem.engine;

import java.time.Duration;

/**
 * Holds back cooperating writers of a group while a cut is taken.
 *
 * <p>Writers announce a write before checking the fence ({@link Writers#begin}), and the fence is raised
 * before waiting for announced writes to finish, so a write is either fully before the cut or fully after
 * it. The fence lives in an ephemeral znode: a control plane that dies while fencing releases the writers
 * with its session.
 */
public interface WriterFence {
  /**
   * Raises the fence and waits until in-flight writes have drained. Throws
   * {@link dev.tandem.model.ConflictException} if they do not drain within {@code drainTimeout} (the fence is
   * lowered again before throwing).
   */
  Raised raise(Duration drainTimeout);

  interface Raised extends AutoCloseable {
    /** Lowers the fence; lowering twice is harmless. */
    @Override
    void close();
  }

  /** The writer side, used by applications and the metastore listener. */
  interface Writers {
    /** Blocks while the fence is raised (up to {@code wait}), then registers an in-flight write. */
    Write begin(Duration wait);
  }

  interface Write extends AutoCloseable {
    @Override
    void close();
  }
}
