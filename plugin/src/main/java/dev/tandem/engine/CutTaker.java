package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.HiveFencing;
import dev.tandem.model.OpenFileCapture;
import dev.tandem.model.OpenFiles;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    OpenFileCapture capture = primary.openFileCapture();
    // A file open at the snapshot may close before the listing after it: the listing before catches those opened
    // earlier. Where snapshots freeze open files too: the close after the snapshot changes the file's times
    // without any later snapshot diff listing it, so unlisted it would keep the frozen times on the secondary.
    // One opened and closed between the two listings is caught by VERIFY where snapshots follow the live file,
    // because its snapshot then shows a modification later than the snapshot itself.
    OpenFiles before;
    try {
      before = openFiles(roots, capture);
    } catch (TandemException e) {
      if (!capture.frozen()) {
        throw e;
      }
      before = new OpenFiles(capture, Map.of()); // frozen bytes are right anyway; only times may lag a run
    }
    long fencedAt = System.nanoTime();
    Instant takenAt;
    long eventId;
    long window;
    try (WriterFence.Raised raised = fence.raise(drainTimeout);
        WriterFence.Raised metadata = metastore.hold(drainTimeout, group.hiveFencing())) {
      takenAt = clock.instant();
      CutId id = CutId.at(takenAt);
      for (SnapshotRoot root : roots) {
        primary.createSnapshot(root.path(), id.snapshotName(group.name()));
      }
      eventId = metastore.currentEventId();
      window = System.nanoTime() - fencedAt;
    }
    OpenFiles open;
    try {
      open = openFiles(roots, capture);
    } catch (TandemException e) {
      if (!capture.frozen()) {
        throw e; // without the list, a file open at this cut could stay short on the secondary unnoticed
      }
      open = new OpenFiles(capture, Map.of()); // frozen snapshots need no list: it only feeds the report
    }
    for (SnapshotRoot root : roots) {
      open = open.plus(root.path(), before.under(root.path()));
    }
    return new Cut(CutId.at(takenAt), group.name(), takenAt, roots, Duration.ofNanos(window), eventId, open);
  }

  /** Outside the fence: listing open files costs round trips that writers need not wait for. */
  private OpenFiles openFiles(List<SnapshotRoot> roots, OpenFileCapture capture) {
    Map<String, List<String>> byRoot = new HashMap<>();
    for (SnapshotRoot root : roots) {
      Scope scope = Scope.of(root);
      byRoot.put(root.path(), primary.openFiles(root.path()).stream().filter(scope::contains).toList());
    }
    return new OpenFiles(capture, byRoot);
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
    default WriterFence.Raised hold(Duration drainTimeout, HiveFencing fencing) {
      return () -> { };
    }

    /** After {@link #hold}: why the metastore's writers were not held, when the group allowed that. */
    default Optional<String> unfenced() {
      return Optional.empty();
    }
  }
}
