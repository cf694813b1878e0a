package dev.tandem.arbiter;

import dev.tandem.model.InvalidInputException;
import java.time.Duration;

/**
 * A pair's arbitration settings, stored in both registries so that both servers and every arbiter use the
 * same values.
 *
 * <p>Safety rests on one inequality: an arbiter fails over only after the active site has been unhealthy or
 * silent for {@code grace}, and an active site that cannot renew its lease stops within {@code lease} of its
 * last renewal. Renewals are timed from when a status was issued, and observed at most one heartbeat (site) plus
 * one heartbeat (arbiter) late, hence {@code grace ≥ lease + 2 × heartbeat}.
 *
 * @param autoFailover whether an arbiter may promote the standby on its own
 * @param grace how long the active site must be unhealthy or silent before an automatic failover
 * @param lease how long an active site stays active without confirmation from the peer or an arbiter
 * @param heartbeat how often sites publish their status and arbiters look
 */
public record ArbitrationSettings(boolean autoFailover, Duration grace, Duration lease, Duration heartbeat) {
  public static final Duration GRACE_DEFAULT = Duration.ofSeconds(10);
  public static final Duration LEASE_DEFAULT = Duration.ofSeconds(6);
  public static final Duration HEARTBEAT_DEFAULT = Duration.ofSeconds(1);

  public ArbitrationSettings {
    InvalidInputException.check(heartbeat != null && !heartbeat.isNegative() && heartbeat.toMillis() >= 50,
        "heartbeat", "Invalid heartbeat: %s (at least 50 ms)", heartbeat);
    InvalidInputException.check(lease != null && lease.compareTo(heartbeat.multipliedBy(3)) >= 0, "lease",
        "Invalid lease: %s (at least three heartbeats, %s)", lease, heartbeat.multipliedBy(3));
    Duration minimum = lease.plus(heartbeat.multipliedBy(2));
    InvalidInputException.check(grace != null && grace.compareTo(minimum) >= 0, "grace",
        "Invalid grace period: %s (at least lease + 2 heartbeats = %s, or an old active could still be writing)",
        grace, minimum);
  }

  public static ArbitrationSettings defaults() {
    return new ArbitrationSettings(false, GRACE_DEFAULT, LEASE_DEFAULT, HEARTBEAT_DEFAULT);
  }

  public ArbitrationSettings withAutoFailover(boolean value) {
    return new ArbitrationSettings(value, grace, lease, heartbeat);
  }
}
