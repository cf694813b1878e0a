package dev.tandem.engine;

import dev.tandem.model.OpenFiles;
import dev.tandem.model.Paths;
import dev.tandem.model.ScrubProgress;
import dev.tandem.model.ScrubReport;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.SweepProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The continuous verification of a run (the scrub): besides what the snapshot diffs touched, a slice of every
 * root's files is compared, listing entry and checksum, between the primary's cut snapshot and the secondary's
 * live copy, after REPLICATE and before SEAL. A file that differs (or that the secondary holds and the primary's cut
 * does not) is copied again from the cut at once, so the sealed copy holds it right and VERIFY checks it. The
 * slices follow {@link ScrubSlicer}, so every file is compared at least once per verification interval.
 */
public final class Scrubber {
  private static final int MAX_REPORTED = 20;
  /** How many files of the secondary a slice's stretch may list when looking for extra ones. */
  private static final int EXTRA_LIMIT = 10_000;

  private final ManifestReader primary;
  private final ManifestReader secondary;
  private final FileReplicator replicator;
  private final Duration interval;
  private final Clock clock;

  /** @param interval every file is compared at least once per interval */
  public Scrubber(ManifestReader primary, ManifestReader secondary, FileReplicator replicator, Duration interval,
      Clock clock) {
    this.primary = primary;
    this.secondary = secondary;
    this.replicator = replicator;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * What one run's scrub found and did.
   *
   * @param repaired per root path, the files copied again (relative to the root)
   * @param progress the sweep's progress to keep once the run commits
   */
  public record Result(ScrubReport report, Map<String, Set<String>> repaired, ScrubProgress progress,
      CopyOutcome copied) {}

  /**
   * @param whole roots whose every file this run verifies anyway (a full copy, a forced whole verification): their
   *     pass completes now without a slice
   * @param open the files open for write at the cut: REPLICATE and VERIFY check them by name, and one still
   *     being written would differ from a snapshot that follows it without anything being wrong
   */
  public Result scrub(List<SnapshotRoot> roots, String snapshot, Duration periodicity, ScrubProgress before,
      Set<String> whole, OpenFiles open, ProgressListener progress) {
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    ScrubSlicer slicer = new ScrubSlicer(interval, periodicity);
    Map<String, SweepProgress> next = new HashMap<>();
    Map<String, Set<String>> repaired = new HashMap<>();
    List<String> differences = new ArrayList<>();
    List<String> passes = new ArrayList<>();
    long compared = 0;
    long differed = 0;
    CopyOutcome copied = CopyOutcome.NOTHING;
    for (SnapshotRoot root : roots) {
      if (whole.contains(root.path())) {
        next.put(root.path(), SweepProgress.startingAt(now, now));
        passes.add(root.path());
        continue;
      }
      Scope scope = Scope.of(root);
      Map<String, Manifest.Entry> listed = new HashMap<>(); // the walk's entries: no second status per file
      ScrubSlicer.Slice slice = slicer.next(before.roots().get(root.path()),
          primary.fileCount(root.path(), snapshot, scope), (after, limit) -> {
            Map<String, Manifest.Entry> page = primary.fileEntries(root.path(), snapshot, scope, after, null, limit);
            listed.putAll(page);
            return new ArrayList<>(page.keySet());
          }, now);
      Map<String, String> found = compare(root, snapshot, scope, slice, listed);
      found.keySet().removeAll(open.under(root.path()));
      compared += slice.paths().size();
      if (!found.isEmpty()) {
        differed += found.size();
        found.forEach((path, what) -> {
          if (differences.size() < MAX_REPORTED) {
            differences.add(Paths.join(root.path(), path) + ": " + what);
          }
        });
        copied = copied.plus(replicator.copyFiles(root, snapshot, found.keySet(), progress));
        repaired.put(root.path(), new TreeSet<>(found.keySet()));
      }
      next.put(root.path(), slice.next());
      if (slice.passCompleted()) {
        passes.add(root.path());
      }
    }
    Instant fullPass = null;
    for (SnapshotRoot root : roots) {
      Instant at = next.get(root.path()).lastPassCompletedAt();
      if (at == null) {
        fullPass = null;
        break;
      }
      fullPass = fullPass == null || at.isBefore(fullPass) ? at : fullPass;
    }
    ScrubReport report = new ScrubReport(compared, differed, differences, Duration.ofNanos(System.nanoTime() - t0),
        !roots.isEmpty() && whole.containsAll(roots.stream().map(SnapshotRoot::path).toList()), passes, fullPass, 0, 0);
    return new Result(report, repaired, new ScrubProgress(next, before.tables()), copied);
  }

  /**
   * The slice's files that differ, with what differs: listing, checksum, missing or extra on the secondary. The
   * primary's entries come from the walk that chose the slice, the secondary's from the listing of the slice's
   * stretches that looks for extra files anyway; only a slice file that listing did not return as a file is asked
   * for by name. The checksums of both sites are computed together, in parallel.
   */
  private Map<String, String> compare(SnapshotRoot root, String snapshot, Scope scope, ScrubSlicer.Slice slice,
      Map<String, Manifest.Entry> listed) {
    Map<String, String> found = new TreeMap<>(ScrubOrder.PATHS);
    Set<String> taken = new HashSet<>(slice.paths());
    // Every file of the primary's cut within the slice's stretches is in the slice, so what else the secondary
    // holds there is extra.
    Map<String, Manifest.Entry> there = new HashMap<>();
    for (ScrubSlicer.Range range : slice.ranges()) {
      Map<String, Manifest.Entry> files = secondary.fileEntries(root.path(), "", scope, range.after(), range.until(),
          EXTRA_LIMIT + slice.paths().size());
      files.forEach((path, entry) -> {
        if (taken.contains(path)) {
          there.put(path, entry);
        } else {
          found.put(path, "extra on secondary");
        }
      });
    }
    if (slice.paths().isEmpty()) {
      return found;
    }
    Set<String> unlisted = new HashSet<>(taken);
    unlisted.removeAll(there.keySet());
    if (!unlisted.isEmpty()) { // missing, not a file there, or past the listing's bound: its status by name
      secondary.readRegion(root.path(), "", scope, new ChecksumSelection(false, unlisted, Set.of())).entries()
          .forEach(there::put);
    }
    Map<String, Long> lengths = new HashMap<>();
    Map<String, Long> theirs = new HashMap<>(); // the ones the status by name did not checksum already
    for (String path : slice.paths()) {
      Manifest.Entry x = listed.get(path);
      Manifest.Entry y = there.get(path);
      if (x != null && y != null && !y.directory()) {
        lengths.put(path, x.length());
        if (y.checksum() == null) {
          theirs.put(path, y.length());
        }
      }
    }
    ManifestReader.PendingChecksums a = primary.checksums(root.path(), snapshot, lengths);
    ManifestReader.PendingChecksums b = secondary.checksums(root.path(), "", theirs);
    Map<String, String> sumsA = a.await();
    Map<String, String> sumsB = b.await();
    for (String path : slice.paths()) {
      Manifest.Entry x = listed.get(path);
      Manifest.Entry y = there.get(path);
      if (x == null) {
        continue; // listed from this very snapshot: cannot vanish
      }
      String diff = y == null ? "missing on secondary"
          : CutVerifier.differences(withChecksum(x, sumsA.get(path)), withChecksum(y, sumsB.getOrDefault(path,
              y.checksum())));
      if (!diff.isEmpty()) {
        found.put(path, diff);
      }
    }
    return found;
  }

  private static Manifest.Entry withChecksum(Manifest.Entry e, String checksum) {
    return new Manifest.Entry(e.directory(), e.length(), e.owner(), e.group(), e.permission(), e.acl(),
        e.modificationTime(), checksum);
  }
}
