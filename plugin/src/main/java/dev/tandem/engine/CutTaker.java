package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotRoot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Takes one consistent cut: raise the fence, snapshot every root, lower the fence. The consistency window
 * (fence raised → last snapshot) is how long writers were held, and is what makes the cut one moment.
 */
public final class CutTaker {
  private final SnapshotStore primary;
  private final Clock clock;
  private final Duration drainTimeout;

  public CutTaker(SnapshotStore primary, Clock clock, Duration drainTimeout) {
    this.primary = primary;
    this.clock = clock;
    this.drainTimeout = drainTimeout;
  }

  public Cut take(ProtectionGroup group, List<SnapshotRoot> roots, WriterFence fence, MetastoreCut metastore) {
    long fencedAt = System.nanoTime();
    Instant takenAt;
    long eventId;
    long window;
    try (WriterFence.Raised raised = fence.raise(drainTimeout);
        WriterFence.Raised metadata = metastore.hold(drainTimeout)) {
      takenAt = clock.instant();
      CutId id = CutId.at(takenAt);
      for (SnapshotRoot root : roots) {
        primary.createSnapshot(root.path(), id.snapshotName(group.name()));
      }
      eventId = metastore.currentEventId();
      window = System.nanoTime() - fencedAt;
    }
    return new Cut(CutId.at(takenAt), group.name(), takenAt, roots, Duration.ofNanos(window), eventId);
  }

  /** The metastore's part of a cut: its notification event id read under the same fence. */
  @FunctionalInterface
  public interface MetastoreCut {
    MetastoreCut NONE = () -> -1;

    long currentEventId();

    /**
     * Holds the metastore's writers of the group's objects once the application writers have drained (an
     * application's own metastore calls finish first), and waits for in-flight metastore writes to finish.
     * Lowered when the returned handle closes, right after the event id is read.
     */
    default WriterFence.Raised hold(Duration drainTimeout) {
      return () -> { };
    }
  }
}
