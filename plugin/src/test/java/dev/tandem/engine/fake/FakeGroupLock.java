package dev.tandem.engine.fake;

import dev.tandem.engine.GroupLock;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.LockLostException;
import java.time.Duration;

/**
 * A group's lock in one process. A test can hold it for "another server" ({@link #holdElsewhere}), or take it away
 * from its holder: {@link #lose} as when the holder saw its session end (the next {@code ensureHeld} throws), or
 * {@link #expire} as when the session ended unnoticed (only {@code confirm}, which asks the lock service, throws).
 * Either way the lock is free again for the next acquirer.
 */
public final class FakeGroupLock implements GroupLock {
  private final GroupName group;
  private Holder holder;
  private boolean elsewhere;
  private int acquired;

  public FakeGroupLock(GroupName group) {
    this.group = group;
  }

  @Override
  public synchronized Held acquire(Duration wait) {
    if (holder != null || elsewhere) {
      throw new ConflictException("Group " + group + " is locked by another run");
    }
    acquired++;
    holder = new Holder();
    return holder;
  }

  /** Another server holds the lock until {@link #releaseElsewhere}. */
  public synchronized void holdElsewhere() {
    elsewhere = true;
  }

  public synchronized void releaseElsewhere() {
    elsewhere = false;
  }

  /** The holder's session ended and it knows: its next check between steps fails. */
  public synchronized void lose() {
    take(true);
  }

  /** The holder's session ended without its knowing: only asking the lock service tells. */
  public synchronized void expire() {
    take(false);
  }

  private void take(boolean known) {
    if (holder != null) {
      holder.lost = true;
      holder.known = known;
      holder = null;
    }
  }

  public synchronized boolean isHeld() {
    return holder != null;
  }

  /** How many times the lock was acquired. */
  public synchronized int timesAcquired() {
    return acquired;
  }

  private final class Holder implements Held {
    private boolean lost;
    private boolean known;

    @Override
    public void ensureHeld() {
      synchronized (FakeGroupLock.this) {
        if (lost && known) {
          throw new LockLostException("Lock of group " + group + " lost (session expired)");
        }
      }
    }

    @Override
    public void confirm() {
      synchronized (FakeGroupLock.this) {
        if (lost) {
          throw new LockLostException("Lock of group " + group + " is no longer held by this run");
        }
      }
    }

    @Override
    public void close() {
      synchronized (FakeGroupLock.this) {
        if (holder == this) {
          holder = null;
        }
      }
    }
  }
}
