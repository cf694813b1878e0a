package dev.tandem.arbiter;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.SiteId;
import java.time.Duration;
import java.time.Instant;

/**
 * Which site of a pair is active, as decided last. Every decision that changes the active site raises
 * {@code number}; changes within one decision (promotion finished, pair re-protected) raise {@code revision}.
 * Records are ordered by (number, revision), and each registry's copy moves only by compare-and-set, so of two
 * deciders racing from the same record exactly one succeeds.
 *
 * @param active the site that is (or, while {@link Phase#DRAINING} or {@link Phase#PROMOTING}, becomes) active:
 *     the source of replication
 * @param previous the site that was active before this decision (equal to {@code active} for the first epoch)
 * @param protection whether the other site holds verified cuts of the active one, so that it may take over
 * @param primaryLastSeen when a failover was decided: the last time the old active was seen healthy (the start of
 *     the outage, for RTO and the data-loss window); null otherwise
 * @param leaseWait how long the new active must wait after seeing this record before it may become active,
 *     unless the previous active acknowledged it; zero when the decider already waited the old lease out
 */
public record Epoch(long number, long revision, SiteId active, SiteId previous, Phase phase, Protection protection,
    Transition transition, Instant decidedAt, String decidedBy, String reason, Instant primaryLastSeen,
    Duration leaseWait) implements Comparable<Epoch> {

  /** Where the change of the active site stands. */
  public enum Phase {
    /** Nobody may write: the old active's last cut is being replicated (planned switchover). */
    DRAINING,
    /** The new active's server is preparing it: rollback to the last good cut, promotion steps. */
    PROMOTING,
    /** Done: the active site serves applications and is the source of replication. */
    ACTIVE
  }

  public enum Protection { PROTECTED, UNPROTECTED }

  public enum Transition { INITIAL, FAILOVER, SWITCHOVER, FAILBACK }

  public Epoch {
    InvalidInputException.check(number >= 1, "epoch", "Invalid epoch %d", number);
    InvalidInputException.check(active != null && previous != null, "active", "Epoch %d names no site", number);
    InvalidInputException.check(phase != null && protection != null && transition != null, "phase",
        "Epoch %d is incomplete", number);
    reason = reason == null ? "" : reason;
    decidedBy = decidedBy == null ? "" : decidedBy;
    leaseWait = leaseWait == null ? Duration.ZERO : leaseWait;
  }

  /**
   * The first epoch of a pair: its configured primary is active and protected by the secondary. Both sites may
   * create it at once in their own registries, so it is the same record whoever creates it.
   */
  public static Epoch initial(ClusterPair pair) {
    return new Epoch(1, 0, pair.primary(), pair.primary(), Phase.ACTIVE, Protection.PROTECTED, Transition.INITIAL,
        Instant.EPOCH, "configuration", "pair configured with " + pair.primary() + " as primary", null, Duration.ZERO);
  }

  /** A new decision: {@code site} becomes active. */
  public Epoch next(SiteId site, Phase phase, Protection protection, Transition transition, Instant at, String by,
      String why, Instant lastSeen, Duration wait) {
    return new Epoch(number + 1, 0, site, active, phase, protection, transition, at, by, why, lastSeen, wait);
  }

  public Epoch withPhase(Phase value, Duration wait) {
    return new Epoch(number, revision + 1, active, previous, value, protection, transition, decidedAt, decidedBy,
        reason, primaryLastSeen, wait);
  }

  public Epoch withProtection(Protection value) {
    return new Epoch(number, revision + 1, active, previous, phase, value, transition, decidedAt, decidedBy, reason,
        primaryLastSeen, leaseWait);
  }

  /** The replication direction this epoch stands for. */
  public ClusterPair direction(PairKey pair) {
    return pair.from(active);
  }

  public boolean names(SiteId site) {
    return active.equals(site);
  }

  @Override
  public int compareTo(Epoch o) {
    int c = Long.compare(number, o.number);
    return c != 0 ? c : Long.compare(revision, o.revision);
  }

  public boolean newerThan(Epoch o) {
    return compareTo(o) > 0;
  }

  @Override
  public String toString() {
    return "epoch " + number + "." + revision + " (" + active + " " + phase + ", " + protection + ")";
  }
}
