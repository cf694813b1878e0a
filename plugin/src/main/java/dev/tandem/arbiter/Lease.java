package dev.tandem.arbiter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An active site's lease, on the local monotonic clock. Each published status is remembered with the moment it
 * was issued (before it was sent); a renewal names a status — written to the peer's registry under the epoch,
 * or acknowledged by an arbiter — and extends the lease from that status's issue time, never from when the
 * confirmation arrived. A confirmation delayed by a slow network or a paused process therefore never makes
 * the lease last longer than {@code lease} after something the confirmer actually saw.
 */
final class Lease {
  private static final int REMEMBERED = 256;

  private record Issued(long epoch, long nanos) {}

  private final Map<Long, Issued> issued = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Issued> eldest) {
      return size() > REMEMBERED;
    }
  };
  private long renewedEpoch = -1;
  private long renewedAt;

  synchronized void issued(long sequence, long epoch, long nanos) {
    issued.put(sequence, new Issued(epoch, nanos));
  }

  /** The status {@code sequence} was confirmed for {@code epoch}. */
  synchronized void renew(long sequence, long epoch) {
    Issued i = issued.get(sequence);
    if (i == null || i.epoch() != epoch) {
      return;
    }
    if (renewedEpoch != epoch || i.nanos() - renewedAt > 0) {
      renewedEpoch = epoch;
      renewedAt = i.nanos();
    }
  }

  synchronized boolean fresh(long epoch, long leaseNanos, long now) {
    return renewedEpoch == epoch && now - renewedAt < leaseNanos;
  }

  /** Nanoseconds since the last renewal for {@code epoch}, or -1. */
  synchronized long age(long epoch, long now) {
    return renewedEpoch == epoch ? now - renewedAt : -1;
  }
}
