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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The continuous verification of a run (the scrub): besides what the snapshot diffs touched, a slice of every
 * root's files is compared, listing entry and checksum, between the primary's and the secondary's snapshots of the
 * last good cut. Both are immutable, so the comparison runs beside REPLICATE instead of after it; it stands for the
 * secondary's live copy too, because RECOVER rolled back every change there since that cut and REPLICATE writes
 * only what the diff to the new cut touched. A file that differs (or that the secondary holds and the primary's
 * cut does not) is copied again from the new cut before SEAL ({@link #repair}), so the sealed copy holds it right
 * and VERIFY checks it. The slices follow {@link ScrubSlicer}, so every file is compared at least once per
 * verification interval.
 */
public final class Scrubber {
  private static final int MAX_REPORTED = 20;
  /** How many files of the secondary a slice's stretch may list when looking for extra ones. */
  private static final int EXTRA_LIMIT = 10_000;

  private final ManifestReader primary;
  private final ManifestReader secondary;
  private final Duration interval;
  private final Clock clock;

  /** @param interval every file is compared at least once per interval */
  public Scrubber(ManifestReader primary, ManifestReader secondary, Duration interval, Clock clock) {
    this.primary = primary;
    this.secondary = secondary;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * What the comparison found, before any repair.
   *
   * @param found per root path, the files of the last good cut that differ (relative to the root, in that cut's
   *     namespace) with what differed
   * @param progress the sweep's progress to keep once the run commits
   */
  public record Findings(Map<String, Map<String, String>> found, long compared, List<String> passes,
      ScrubProgress progress, boolean wholeTree, Duration took, boolean betweenRuns) {}

  /**
   * What one run's scrub found and did.
   *
   * @param repaired per root path, the files copied again (relative to the root, in the new cut's namespace)
   */
  public record Result(ScrubReport report, Map<String, Set<String>> repaired, CopyOutcome copied) {}

  /**
   * Compares the slices; reads only, so it may run while the new cut is copied.
   *
   * @param snapshot the last good cut's snapshot, present on both sites under every root not in {@code whole}
   * @param whole roots whose every file this run verifies anyway (a full copy, a forced whole verification): their
   *     pass completes now without a slice
   * @param open the files open for write at the last good cut: REPLICATE checks them by name, and where snapshots
   *     do not freeze them the primary's snapshot follows the live file, so they would differ without anything
   *     being wrong
   */
  public Findings compare(List<SnapshotRoot> roots, String snapshot, Duration periodicity, ScrubProgress before,
      Set<String> whole, OpenFiles open) {
    return compare(roots, snapshot, periodicity, before, whole, open, false);
  }

  /**
   * @param betweenRuns compared ahead of the run that will repair and keep it (see {@link ScrubsAhead}): the slices
   *     are sized for that run, due one period from now
   */
  public Findings compare(List<SnapshotRoot> roots, String snapshot, Duration periodicity, ScrubProgress before,
      Set<String> whole, OpenFiles open, boolean betweenRuns) {
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    Instant sizedAt = betweenRuns ? now.plus(periodicity) : now;
    ScrubSlicer slicer = new ScrubSlicer(interval, periodicity);
    Map<String, SweepProgress> next = new HashMap<>();
    Map<String, Map<String, String>> found = new HashMap<>();
    List<String> passes = new ArrayList<>();
    long compared = 0;
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
          }, now, sizedAt);
      Map<String, String> differing = compare(root, snapshot, scope, slice, listed);
      differing.keySet().removeAll(open.under(root.path()));
      compared += slice.paths().size();
      if (!differing.isEmpty()) {
        found.put(root.path(), differing);
      }
      next.put(root.path(), slice.next());
      if (slice.passCompleted()) {
        passes.add(root.path());
      }
    }
    boolean wholeTree = !roots.isEmpty() && whole.containsAll(roots.stream().map(SnapshotRoot::path).toList());
    return new Findings(found, compared, passes, new ScrubProgress(next, before.tables()), wholeTree,
        Duration.ofNanos(System.nanoTime() - t0), betweenRuns);
  }

  /**
   * Copies again, from the new cut, every file the comparison found different; they join VERIFY's selection.
   *
   * @param diffs per root path, its diff from the last good cut to the new one
   * @param waited how long the run waited for the comparison after the copy was done
   */
  public Result repair(Findings findings, List<SnapshotRoot> roots, Map<String, TreeDiff> diffs, String cutSnapshot,
      FileReplicator replicator, ProgressListener progress, Duration waited) {
    long t0 = System.nanoTime();
    Map<String, Set<String>> repaired = new HashMap<>();
    List<String> differences = new ArrayList<>();
    long differed = 0;
    CopyOutcome copied = CopyOutcome.NOTHING;
    for (SnapshotRoot root : roots) {
      Map<String, String> differing = findings.found().getOrDefault(root.path(), Map.of());
      if (differing.isEmpty()) {
        continue;
      }
      differed += differing.size();
      differing.forEach((path, what) -> {
        if (differences.size() < MAX_REPORTED) {
          differences.add(Paths.join(root.path(), path) + ": " + what);
        }
      });
      // Named as in the new cut: a directory the diff renamed moved the file without copying it. What the diff
      // rewrote or deleted anyway is copied (or found gone) once more; that is rare and cheap.
      TreeDiff diff = diffs.getOrDefault(root.path(), new TreeDiff(List.of()));
      Set<String> again = new TreeSet<>(ScrubOrder.PATHS);
      differing.keySet().forEach(p -> again.add(diff.inNewer(p)));
      copied = copied.plus(replicator.copyFiles(root, cutSnapshot, again, progress));
      repaired.put(root.path(), again);
    }
    Instant fullPass = null;
    for (SnapshotRoot root : roots) {
      Instant at = findings.progress().roots().get(root.path()).lastPassCompletedAt();
      if (at == null) {
        fullPass = null;
        break;
      }
      fullPass = fullPass == null || at.isBefore(fullPass) ? at : fullPass;
    }
    ScrubReport report = new ScrubReport(findings.compared(), differed, differences, findings.took(),
        findings.wholeTree(), findings.passes(), fullPass, 0, 0, waited.plusNanos(System.nanoTime() - t0),
        findings.betweenRuns());
    return new Result(report, repaired, copied);
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
      Map<String, Manifest.Entry> files = secondary.fileEntries(root.path(), snapshot, scope, range.after(), range.until(),
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
      secondary.readRegion(root.path(), snapshot, scope, new ChecksumSelection(false, unlisted, Set.of())).entries()
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
    ManifestReader.PendingChecksums b = secondary.checksums(root.path(), snapshot, theirs);
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
