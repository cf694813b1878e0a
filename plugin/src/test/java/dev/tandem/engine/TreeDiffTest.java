package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.TreeDiff.Entry;
import dev.tandem.engine.TreeDiff.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeDiffTest {
  /** HDFS reports changes below a renamed directory under its old path. */
  private final TreeDiff diff = new TreeDiff(List.of(
      Entry.of(Type.MODIFY, ""),
      new Entry(Type.RENAME, "old", "new"),
      Entry.of(Type.MODIFY, "old/f"),
      new Entry(Type.RENAME, "old/deep", "elsewhere/deep"),
      Entry.of(Type.MODIFY, "old/deep/g"),
      Entry.of(Type.CREATE, "created"),
      Entry.of(Type.DELETE, "gone")));

  @Test
  void pathsBelowRenamedDirectoriesTranslateThroughTheLongestRename() {
    assertThat(diff.inNewer("old/f")).isEqualTo("new/f");
    assertThat(diff.inNewer("old/deep/g")).isEqualTo("elsewhere/deep/g");
    assertThat(diff.inNewer("older/f")).isEqualTo("older/f");
    assertThat(diff.inNewer("created")).isEqualTo("created");
  }

  @Test
  void changedPathsAreExactForModificationsAndWholeForCreatesAndRenames() {
    ChecksumSelection s = diff.changedPaths();
    assertThat(s.wants("new/f")).isTrue();
    assertThat(s.wants("new/other")).isTrue(); // below a renamed directory
    assertThat(s.wants("created/x/y")).isTrue();
    assertThat(s.wants("untouched")).isFalse();
    assertThat(s.all()).isFalse();
    assertThat(s.prefixes()).doesNotContain("");
  }

  @Test
  void writtenPathsLeaveOutWhatARenameOnlyMoved() {
    ChecksumSelection s = diff.writtenPaths();
    assertThat(s.wants("new/f")).isTrue(); // modified below a renamed directory
    assertThat(s.wants("created/x/y")).isTrue();
    assertThat(s.wants("new/other")).isFalse();
    assertThat(s.wants("elsewhere/deep/h")).isFalse();
    assertThat(s.prefixes()).doesNotContain("");
  }

  @Test
  void touchedPathsAddTheNamesDeletedOrRenamedAwayInTheNewerNamespace() {
    TreeDiff d = new TreeDiff(List.of(
        new Entry(Type.RENAME, "old", "new"),
        Entry.of(Type.DELETE, "old/gone"),
        new Entry(Type.RENAME, "old/a", "old/b"),
        Entry.of(Type.DELETE, "top")));
    ChecksumSelection s = d.touchedPaths();
    assertThat(s.paths()).contains("new/gone", "new/a", "top", "old").doesNotContain("old/gone");
    assertThat(s.wants("new/b/inside")).isTrue();
    assertThat(s.wants("untouched")).isFalse();
    assertThat(d.changedPaths().wants("top")).isFalse();
  }

  @Test
  void withinAScopeRenamesAcrossItsEdgeBecomeCreatesOrDeletes() {
    Scope scope = new Scope(List.of("in"));
    TreeDiff d = new TreeDiff(List.of(
        new Entry(Type.RENAME, "in/a", "out/a"),
        new Entry(Type.RENAME, "out/b", "in/b"),
        new Entry(Type.RENAME, "in/c", "in/d"),
        Entry.of(Type.CREATE, "out/e"),
        Entry.of(Type.MODIFY, ""),
        Entry.of(Type.MODIFY, "out")));
    assertThat(d.within(scope).entries()).containsExactly(
        Entry.of(Type.DELETE, "in/a"),
        Entry.of(Type.CREATE, "in/b"),
        new Entry(Type.RENAME, "in/c", "in/d"),
        Entry.of(Type.MODIFY, ""));
  }

  @Test
  void scopeReachesAncestorsButContainsOnlyItsSubtrees() {
    Scope scope = new Scope(List.of("billing/events", "billing/invoices"));
    assertThat(scope.reaches("")).isTrue();
    assertThat(scope.reaches("billing")).isTrue();
    assertThat(scope.contains("billing")).isFalse();
    assertThat(scope.contains("billing/events/x")).isTrue();
    assertThat(scope.reaches("billing/eventsX")).isFalse();
    assertThat(scope.reaches("other")).isFalse();
    assertThat(Scope.whole().contains("anything/at/all")).isTrue();
  }
}
