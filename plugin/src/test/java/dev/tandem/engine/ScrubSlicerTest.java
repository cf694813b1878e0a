package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.SweepProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scrub's slicing, against an in-memory tree: no file system. */
class ScrubSlicerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration DAY = Duration.ofHours(24);
  private static final Duration FOUR_HOURS = Duration.ofHours(4);

  /** A root's files, kept in the scrub's order like the NameNode lists them. */
  private static final class Tree implements ScrubSlicer.FileSource {
    final TreeSet<String> files = new TreeSet<>(ScrubOrder.PATHS);

    Tree(List<String> paths) {
      files.addAll(paths);
    }

    @Override
    public List<String> after(String after, int limit) {
      List<String> out = new ArrayList<>();
      for (String f : after.isEmpty() ? files : files.tailSet(after, false)) {
        if (out.size() >= limit) {
          break;
        }
        out.add(f);
      }
      return out;
    }
  }

  private static List<String> files(int n) {
    return IntStream.range(0, n).mapToObj(i -> "d" + (i % 7) + "/f-" + i).toList();
  }

  @Test
  void orderIsDepthFirstWithADirectoryBeforeItsContent() {
    List<String> paths = new ArrayList<>(List.of("a-b", "a/z", "a", "b", "a/b/c", "", "a/b", "\u00e9", "Z"));
    paths.sort(ScrubOrder.PATHS);
    // '-' sorts before '/' as a character, but a directory's content follows the directory itself; names compare
    // as the NameNode compares them, by signed UTF-8 bytes (so a non-ASCII name comes first).
    assertThat(paths).containsExactly("", "\u00e9", "Z", "a", "a/b", "a/b/c", "a/z", "a-b", "b");
    assertThat(ScrubOrder.subtreeNotAfter("a", "a/b/c")).isFalse();
    assertThat(ScrubOrder.subtreeNotAfter("a/b/c", "a/b/c")).isFalse();
    assertThat(ScrubOrder.subtreeNotAfter("a/a", "a/b/c")).isTrue();
    assertThat(ScrubOrder.subtreeNotAfter("a/z", "a/b/c")).isFalse();
    assertThat(ScrubOrder.subtreeNotAfter("a", "")).isFalse();
  }

  @ParameterizedTest(name = "{0} files, every {2} within {1}")
  @CsvSource({"600, PT24H, PT4H", "7, PT24H, PT4H", "1000, PT24H, PT1H", "5, PT24H, PT24H", "13, PT24H, PT30H",
      "100, PT1H, PT7M"})
  void everyFileIsComparedOncePerPassAndEachPassEndsWithinTheInterval(int n, Duration interval, Duration every) {
    Tree tree = new Tree(files(n));
    ScrubSlicer slicer = new ScrubSlicer(interval, every);
    SweepProgress p = null;
    Map<String, Integer> seen = new HashMap<>();
    Instant now = T0;
    Instant passStart = T0;
    int passes = 0;
    for (int run = 0; passes < 3 && run < 1000; run++) {
      ScrubSlicer.Slice slice = slicer.next(p, tree.files.size(), tree, now);
      for (String f : slice.paths()) {
        seen.merge(f, 1, Integer::sum);
      }
      if (slice.passCompleted()) {
        passes++;
        // (a group that runs less often than the interval compares everything at every run: the best it can do)
        assertThat(Duration.between(passStart, now)).isLessThanOrEqualTo(every.compareTo(interval) > 0 ? every
            : interval);
        // Each pass compared every file; the next pass may already have begun in this run (a wrap).
        assertThat(seen.keySet()).containsAll(tree.files);
        seen.clear();
        slice.paths().subList(slice.paths().size() - (int) slice.next().compared(), slice.paths().size())
            .forEach(f -> seen.merge(f, 1, Integer::sum));
        passStart = now;
      }
      assertThat(seen.values()).allMatch(c -> c == 1);
      p = slice.next();
      now = now.plus(every);
    }
    assertThat(passes).isEqualTo(3);
  }

  @Test
  void aSliceIsTheFilesAheadSpreadOverTheRunsLeft() {
    ScrubSlicer slicer = new ScrubSlicer(DAY, FOUR_HOURS);
    assertThat(slicer.runsPerInterval()).isEqualTo(6);
    SweepProgress fresh = SweepProgress.startingAt(T0, null);
    assertThat(slicer.sliceSize(fresh, 600, T0)).isEqualTo(100);
    assertThat(slicer.sliceSize(fresh, 601, T0)).isEqualTo(101);
    assertThat(slicer.sliceSize(fresh, 0, T0)).isEqualTo(1);
    SweepProgress half = new SweepProgress("x", T0, 300, null);
    assertThat(slicer.sliceSize(half, 600, T0.plus(Duration.ofHours(12)))).isEqualTo(100);
    // a run late in the pass (runs were missed) takes more; the last one before the deadline everything left
    assertThat(slicer.sliceSize(half, 600, T0.plus(Duration.ofHours(17)))).isEqualTo(150);
    assertThat(slicer.sliceSize(half, 600, T0.plus(Duration.ofHours(21)))).isEqualTo(Integer.MAX_VALUE);
    assertThat(slicer.sliceSize(half, 600, T0.plus(Duration.ofHours(30)))).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void theCursorWrapsAndTheNextPassBeginsInTheSameRun() {
    Tree tree = new Tree(List.of("a", "b", "c", "d", "e"));
    ScrubSlicer slicer = new ScrubSlicer(DAY, Duration.ofHours(8)); // 3 runs per pass: 2 files a run
    ScrubSlicer.Slice first = slicer.next(null, 5, tree, T0);
    assertThat(first.paths()).containsExactly("a", "b");
    assertThat(first.next().cursor()).isEqualTo("b");
    assertThat(first.ranges()).containsExactly(new ScrubSlicer.Range("", "b"));
    ScrubSlicer.Slice second = slicer.next(first.next(), 5, tree, T0.plus(Duration.ofHours(8)));
    assertThat(second.paths()).containsExactly("c", "d");
    Instant third = T0.plus(Duration.ofHours(16));
    ScrubSlicer.Slice last = slicer.next(second.next(), 5, tree, third);
    assertThat(last.passCompleted()).isTrue();
    assertThat(last.paths()).containsExactly("e"); // the last run of a pass takes everything left, no wrap
    assertThat(last.next()).isEqualTo(new SweepProgress("", third, 0, third));

    // A pass that reaches the end before its last run wraps to fill the slice (here: files appeared before the
    // cursor, so 5 are thought ahead, 2 a run, and only one is after it).
    Instant soon = T0.plus(Duration.ofHours(1));
    ScrubSlicer.Slice early = slicer.next(new SweepProgress("d", T0, 0, null), 5, tree, soon);
    assertThat(early.passCompleted()).isTrue();
    assertThat(early.paths()).containsExactly("e", "a");
    assertThat(early.ranges()).containsExactly(new ScrubSlicer.Range("d", null), new ScrubSlicer.Range("", "a"));
    assertThat(early.next()).isEqualTo(new SweepProgress("a", soon, 1, soon));
  }

  @Test
  void filesAddedOrRemovedBetweenRunsAreStillCoveredWithinTheInterval() {
    Tree tree = new Tree(files(60));
    ScrubSlicer slicer = new ScrubSlicer(DAY, FOUR_HOURS);
    SweepProgress p = null;
    TreeSet<String> compared = new TreeSet<>(ScrubOrder.PATHS);
    TreeSet<String> presentAllPass = new TreeSet<>(tree.files);
    Instant now = T0;
    boolean completed = false;
    for (int run = 0; run < 6 && !completed; run++) {
      ScrubSlicer.Slice slice = slicer.next(p, tree.files.size(), tree, now);
      compared.addAll(slice.paths());
      completed = slice.passCompleted();
      p = slice.next();
      // Between runs: files vanish (the cursor's own among them), others appear before and after the cursor.
      tree.files.remove(p.cursor());
      tree.files.remove("d" + run + "/f-" + (run + 30));
      tree.files.add("d0/new-" + run);
      tree.files.add("e/new-" + run);
      for (int i = 0; i < 15; i++) {
        tree.files.add("a" + run + "/burst-" + i);
      }
      presentAllPass.retainAll(tree.files);
      now = now.plus(FOUR_HOURS);
    }
    assertThat(completed).as("the pass completes within 6 runs of 4 h").isTrue();
    assertThat(compared).containsAll(presentAllPass);
  }

  @Test
  void aRootSmallerThanASliceIsComparedWholeOncePerRun() {
    Tree tree = new Tree(List.of("x/1", "x/2"));
    ScrubSlicer slicer = new ScrubSlicer(Duration.ofHours(4), FOUR_HOURS); // one run per interval
    ScrubSlicer.Slice s = slicer.next(null, 2, tree, T0);
    assertThat(s.paths()).containsExactly("x/1", "x/2");
    assertThat(s.passCompleted()).isTrue();
    ScrubSlicer.Slice again = slicer.next(s.next(), 2, tree, T0.plus(FOUR_HOURS));
    assertThat(again.paths()).containsExactly("x/1", "x/2");
  }

  @Test
  void anEmptyRootCompletesItsPassAtOnce() {
    ScrubSlicer.Slice s = new ScrubSlicer(DAY, FOUR_HOURS).next(null, 0, new Tree(List.of()), T0);
    assertThat(s.paths()).isEmpty();
    assertThat(s.passCompleted()).isTrue();
    assertThat(s.ranges()).containsExactly(new ScrubSlicer.Range("", null));
  }

  @Test
  void intervalAndPeriodicityMustBePositive() {
    assertThatThrownBy(() -> new ScrubSlicer(Duration.ZERO, FOUR_HOURS)).hasMessageContaining("interval");
    assertThatThrownBy(() -> new ScrubSlicer(DAY, Duration.ZERO)).hasMessageContaining("periodicity");
  }

  /**
   * The Hive tables' sweep: table keys known in full (an image's), sliced like files. A table created between runs
   * joins the pass where the order puts it, one dropped leaves it; every table present throughout is compared
   * within the interval's runs.
   */
  @Test
  void tableKeysAreSlicedInTheirBytesOrderAndEachIsComparedWithinTheInterval() {
    ScrubSlicer.FileSource keys = ScrubSlicer.FileSource.of(List.of("shop.orders", "Shop.A", "ledger.x", "shop.items"));
    assertThat(keys.after("", 10)).containsExactly("Shop.A", "ledger.x", "shop.items", "shop.orders");
    assertThat(keys.after("ledger.x", 1)).containsExactly("shop.items");
    assertThat(keys.after("ledger.y", 10)).containsExactly("shop.items", "shop.orders"); // a key gone since
    assertThat(keys.after("shop.orders", 10)).isEmpty();

    ScrubSlicer slicer = new ScrubSlicer(DAY, FOUR_HOURS);
    List<String> tables = new ArrayList<>(IntStream.range(0, 13).mapToObj(i -> "db.t" + i).toList());
    Map<String, Integer> seen = new HashMap<>();
    SweepProgress progress = SweepProgress.startingAt(T0, T0);
    for (int run = 0; run < slicer.runsPerInterval(); run++) {
      if (run == 2) {
        tables.remove("db.t5");
        tables.add("db.t99");
      }
      ScrubSlicer.Slice slice = slicer.next(progress, tables.size(), ScrubSlicer.FileSource.of(tables),
          T0.plus(FOUR_HOURS.multipliedBy(run)));
      slice.paths().forEach(t -> seen.merge(t, 1, Integer::sum));
      progress = slice.next();
    }
    assertThat(seen.keySet()).containsAll(tables.stream().filter(t -> !t.equals("db.t99")).toList());
    assertThat(progress.lastPassCompletedAt()).isAfter(T0);
  }
}
