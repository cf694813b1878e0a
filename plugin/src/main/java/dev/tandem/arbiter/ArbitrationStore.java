package dev.tandem.arbiter;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.SiteId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The arbitration state of one site's registry. Each site has its own; sites and arbiters hold one per site.
 *
 * <p>Failures: {@link dev.tandem.model.PeerUnavailableException} when the registry cannot be reached (calls fail
 * fast while its connection is down), {@link dev.tandem.model.ConflictException} when a compare-and-set lost
 * (re-read, do not retry blindly), {@link dev.tandem.model.CommitStateUnknownException} when the connection
 * dropped during a write whose outcome is therefore unknown (re-read; never assume either way).
 */
public interface ArbitrationStore extends AutoCloseable {
  /** The site whose registry this is. */
  SiteId site();

  /** Whether the registry's connection is up now (it may drop right after). */
  boolean connected();

  /** Waits for the connection; false when it did not come up within {@code wait}. */
  boolean awaitConnected(Duration wait);

  void addListener(Listener listener);

  Optional<Versioned<Epoch>> epoch(PairKey pair);

  /** Creates the pair's first epoch unless one exists; returns the record that is there now. */
  Versioned<Epoch> initialize(PairKey pair, Epoch first);

  /**
   * Compare-and-set of the epoch record from {@code expectedVersion} (-1: it must not exist). When
   * {@code unchanged} is given, the write also requires that site's status in this registry to still have the
   * given version, in the same transaction: a decider that judged a status stale cannot win against a status
   * written after it looked.
   */
  Versioned<Epoch> replaceEpoch(PairKey pair, int expectedVersion, Epoch next, Optional<StatusCheck> unchanged);

  /**
   * Compare-and-set of the epoch record together with the registry's pair and group records, rewritten to
   * {@code direction}, in one transaction: the registry never names an active site that does not match the
   * direction its pair and groups replicate in.
   */
  Versioned<Epoch> replaceEpochAndDirection(PairKey pair, int expectedVersion, Epoch next, ClusterPair direction);

  Optional<Versioned<SiteStatus>> status(PairKey pair, SiteId site);

  /**
   * Writes a site's status. With {@code epochVersion}, only if the epoch record still has that version
   * ({@link dev.tandem.model.ConflictException} otherwise): that is how an active site renews its lease through
   * its peer's registry.
   */
  void publishStatus(PairKey pair, SiteStatus status, OptionalInt epochVersion);

  /** Writes an arbiter's endorsement; it lives as long as the arbiter's session. */
  void putVerdict(PairKey pair, Verdict verdict);

  List<Verdict> verdicts(PairKey pair);

  Optional<ArbitrationSettings> settings(PairKey pair);

  void putSettings(PairKey pair, ArbitrationSettings settings);

  void putReport(PairKey pair, SwitchReport report);

  /** Newest first. */
  List<SwitchReport> reports(PairKey pair, int limit);

  /** Serialises deciders of one pair in this registry; throws ConflictException if not acquired in time. */
  Held lockDecisions(PairKey pair, Duration wait);

  @Override
  void close();

  /** A site's status must still have {@code version} here ({@code -1}: no status). */
  record StatusCheck(SiteId site, int version) {}

  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** The registry's connection as Curator reports it. */
  enum Connection { CONNECTED, SUSPENDED, LOST, RECONNECTED }

  /**
   * Called on the registry client's event thread: keep it short. {@link #changed} reports a change of the epoch
   * record or of an endorsement this client has read; it may come before, after or instead of the caller's own
   * next read seeing it: use it only as a hint to look again.
   */
  interface Listener {
    default void connectionChanged(SiteId site, Connection state) {}

    default void changed(SiteId site, PairKey pair) {}
  }
}
