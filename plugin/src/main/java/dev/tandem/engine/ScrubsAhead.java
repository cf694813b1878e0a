package dev.tandem.engine;

import dev.tandem.model.GroupName;
import dev.tandem.model.ScrubProgress;
import dev.tandem.model.SnapshotRoot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Scrub comparisons started as soon as a run commits, on the idle time before the group's next run, like the
 * DataNodes' block scanner works between reads: the next run's slice compares both sites' snapshots of the cut just
 * committed, which nothing changes until that run, so it need not wait for the run at all. The next run adopts
 * the comparison when it is exactly the one it would start (same cut, roots, periodicity and sweep progress) and
 * repairs and keeps its findings as its own; any other run, or a run on another server, starts its own and this
 * one is dropped. Nothing is written until a run adopts it, so a comparison lost with its server is only done
 * again. One per group: a newer one closes the older.
 */
public final class ScrubsAhead implements AutoCloseable {
  /**
   * What a comparison ahead compares; the next run adopts it only for an equal key.
   *
   * @param sealedAt per site and root, when the cut's snapshot compared was taken: a snapshot deleted and taken
   *     again since is another snapshot, and the comparison of the old one says nothing of it
   */
  public record Key(String snapshot, List<SnapshotRoot> roots, Duration periodicity, ScrubProgress before,
      Map<String, Long> sealedAt) {
    public Key {
      roots = List.copyOf(roots);
      sealedAt = Map.copyOf(sealedAt);
    }
  }

  private record Ahead(Key key, BackgroundScrub scrub) {}

  private final boolean enabled;
  private final Map<GroupName, Ahead> byGroup = new ConcurrentHashMap<>();

  private ScrubsAhead(boolean enabled) {
    this.enabled = enabled;
  }

  /** Comparisons ahead of the runs of one server's control plane. */
  public static ScrubsAhead enabled() {
    return new ScrubsAhead(true);
  }

  /** Never compares ahead: every run compares its slice beside its own copy (switchovers, one-off runs). */
  public static ScrubsAhead disabled() {
    return new ScrubsAhead(false);
  }

  void start(GroupName group, Key key, Supplier<Scrubber.Findings> comparison) {
    if (!enabled) {
      return;
    }
    Ahead old = byGroup.put(group, new Ahead(key, BackgroundScrub.start("tandem-scrub-ahead-" + group, comparison)));
    if (old != null) {
      old.scrub().close();
    }
  }

  /**
   * The comparison for exactly this key, handed over to the caller; any other is closed. The key is made only
   * when a comparison is held: making it costs RPCs.
   */
  Optional<BackgroundScrub> take(GroupName group, Supplier<Key> key) {
    Ahead ahead = byGroup.remove(group);
    if (ahead == null) {
      return Optional.empty();
    }
    if (!ahead.scrub().failed() && ahead.key().equals(key.get())) {
      return Optional.of(ahead.scrub());
    }
    ahead.scrub().close();
    return Optional.empty();
  }

  /**
   * Waits until the group's comparison ahead, if any, is done (or the time is up); says whether none is still
   * running. For benchmarks that must not time anything beside it.
   */
  public boolean awaitIdle(GroupName group, Duration timeout) {
    Ahead ahead = byGroup.get(group);
    return ahead == null || ahead.scrub().awaitDone(timeout);
  }

  @Override
  public void close() {
    byGroup.values().forEach(a -> a.scrub().close());
    byGroup.clear();
  }
}
