package dev.tandem.engine;

import dev.tandem.model.SweepProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files of a root a run's scrub compares: the next slice after the sweep's cursor, in {@link ScrubOrder}.
 * A pass through the root must end within the verification interval, so each run takes the files still ahead of
 * the pass divided by the runs the group's periodicity leaves before the pass's deadline, and the last run before
 * the deadline (or any run after it) takes everything that is left. Files added or removed between runs only move
 * that estimate; the last run's "everything left" keeps the promise whatever they did. A pass that reaches the
 * end wraps in the same run and begins the next pass from the first file.
 *
 * <p>Pure: the files come from a {@link FileSource}, so the arithmetic is tested without a file system.
 */
public final class ScrubSlicer {
  /** Files of one root, in {@link ScrubOrder}. */
  @FunctionalInterface
  public interface FileSource {
    /** At most {@code limit} files strictly after {@code after} ("" = from the first). */
    List<String> after(String after, int limit);

    /**
     * The items of a collection known in full (the keys of a metastore image, say), in {@link ScrubOrder}: for
     * names without a slash, the order of their UTF-8 bytes.
     */
    static FileSource of(java.util.Collection<String> items) {
      List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(items));
      sorted.sort(ScrubOrder.PATHS);
      return (after, limit) -> {
        int i = after.isEmpty() ? 0 : java.util.Collections.binarySearch(sorted, after, ScrubOrder.PATHS);
        int from = after.isEmpty() ? 0 : i >= 0 ? i + 1 : -i - 1;
        return List.copyOf(sorted.subList(from, (int) Math.min(sorted.size(), (long) from + limit)));
      };
    }
  }

  /**
   * One run's slice.
   *
   * @param paths the files to compare, in order
   * @param ranges the stretches of the order the slice covers: {@code (after, until]}, {@code until} null = to the
   *     end; a file found there on the secondary only is extra
   * @param next the sweep's progress once the slice is compared
   * @param passCompleted the slice reached the end of the root
   */
  public record Slice(List<String> paths, List<Range> ranges, SweepProgress next, boolean passCompleted) {
    public Slice {
      paths = List.copyOf(paths);
      ranges = List.copyOf(ranges);
    }
  }

  /** A stretch {@code (after, until]} of the order; {@code until} null = to the end. */
  public record Range(String after, String until) {}

  private final Duration interval;
  private final Duration periodicity;

  /**
   * @param interval every file is compared at least once per interval
   * @param periodicity how often the group runs
   */
  public ScrubSlicer(Duration interval, Duration periodicity) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    if (periodicity == null || periodicity.isNegative() || periodicity.isZero()) {
      throw new IllegalArgumentException("periodicity must be positive: " + periodicity);
    }
    this.interval = interval;
    this.periodicity = periodicity;
  }

  /** How many runs of the group a pass has, at most, before its deadline. */
  public long runsPerInterval() {
    return Math.max(1, interval.toMillis() / periodicity.toMillis());
  }

  /**
   * How many files this run compares: those still ahead of the pass, spread over the runs left before its deadline
   * (at least one file), or all of them ({@link Integer#MAX_VALUE}) in the last run before the deadline.
   *
   * @param files how many files the root holds now
   */
  public int sliceSize(SweepProgress progress, long files, Instant now) {
    Instant deadline = progress.passStartedAt().plus(interval);
    long leftMs = Duration.between(now, deadline).toMillis();
    long runsLeft = leftMs <= 0 ? 1 : (leftMs + periodicity.toMillis() - 1) / periodicity.toMillis();
    if (runsLeft <= 1) {
      return Integer.MAX_VALUE;
    }
    long ahead = Math.max(0, files - progress.compared());
    long size = Math.max(1, (ahead + runsLeft - 1) / runsLeft);
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  /**
   * The slice of this run.
   *
   * @param progress the sweep so far, null when the root has none (a pass begins now)
   * @param files how many files the root holds now
   */
  public Slice next(SweepProgress progress, long files, FileSource source, Instant now) {
    return next(progress, files, source, now, now);
  }

  /**
   * The slice of a run, sized as at {@code sizedAt}: a slice compared ahead of its run (between runs) is sized for
   * the run expected then, so that it is never smaller than that run would take; times recorded are {@code now}.
   */
  public Slice next(SweepProgress progress, long files, FileSource source, Instant now, Instant sizedAt) {
    SweepProgress p = progress == null ? SweepProgress.startingAt(now, null) : progress;
    int size = sliceSize(p, files, sizedAt.isBefore(now) ? now : sizedAt);
    List<String> paths = new ArrayList<>(source.after(p.cursor(), size));
    if (paths.size() >= size) {
      String cursor = paths.get(paths.size() - 1);
      return new Slice(paths, List.of(new Range(p.cursor(), cursor)),
          new SweepProgress(cursor, p.passStartedAt(), p.compared() + paths.size(), p.lastPassCompletedAt()), false);
    }
    // The end of the root: the pass is complete. The next pass begins now, with what is left of this slice,
    // stopping before the files this run already took (a root smaller than a slice).
    List<Range> ranges = new ArrayList<>();
    ranges.add(new Range(p.cursor(), null));
    List<String> wrapped = new ArrayList<>();
    if (!p.cursor().isEmpty() && size != Integer.MAX_VALUE) {
      for (String f : source.after("", size - paths.size())) {
        if (ScrubOrder.compare(f, p.cursor()) > 0) {
          break;
        }
        wrapped.add(f);
      }
    }
    String cursor = wrapped.isEmpty() ? "" : wrapped.get(wrapped.size() - 1);
    if (!wrapped.isEmpty()) {
      ranges.add(new Range("", cursor));
    }
    paths.addAll(wrapped);
    return new Slice(paths, ranges, new SweepProgress(cursor, now, wrapped.size(), now), true);
  }
}
