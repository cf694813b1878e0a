package dev.tandem.engine.fake;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.Scope;
import dev.tandem.engine.TreeDiff;
import dev.tandem.engine.fake.FakeFileSystem.Node;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.Paths;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies between two {@link FakeFileSystem}s: from a snapshot of the source to the live tree of the target, within
 * the root's scope, keeping every attribute. A diff copy applies the diff's entries and nothing else, so a wrong
 * diff shows as a difference on the target.
 *
 * <p>{@link #failCopies(int)} makes the next copies fail half-way, as a DistCp job that dies after some files: the
 * first change is applied, then the copy throws.
 */
public final class FakeFileReplicator implements FileReplicator {
  private final FakeFileSystem source;
  private final FakeFileSystem target;
  private int failures;
  private int copies;

  public FakeFileReplicator(FakeFileSystem source, FakeFileSystem target) {
    this.source = source;
    this.target = target;
  }

  /** The next {@code n} copies (full, diff or by name) apply one change and throw. */
  public FakeFileReplicator failCopies(int n) {
    failures = n;
    return this;
  }

  /** Copies started so far, failed ones included. */
  public int copies() {
    return copies;
  }

  @Override
  public CopyOutcome copyFull(SnapshotRoot root, String snapshot, Set<String> byName, ProgressListener progress) {
    Scope scope = Scope.of(root);
    Map<String, Node> from = source.tree(root.path(), snapshot);
    List<Runnable> work = new ArrayList<>();
    long[] files = {0};
    long[] bytes = {0};
    long[] deleted = {0};
    from.forEach((rel, node) -> {
      boolean on = scope.contains(rel) || node.directory() && scope.reaches(rel);
      if (on && !node.equals(target.node(Paths.join(root.path(), rel)).orElse(null))) {
        work.add(() -> target.put(Paths.join(root.path(), rel), node));
        if (!node.directory()) {
          files[0]++;
          bytes[0] += node.length();
        }
      }
    });
    target.tree(root.path()).keySet().forEach(rel -> {
      if (scope.contains(rel) && !from.containsKey(rel)) {
        work.add(() -> target.delete(Paths.join(root.path(), rel)));
        deleted[0]++;
      }
    });
    run(work);
    return new CopyOutcome(CopyMethod.DISTCP, files[0], bytes[0], deleted[0], 0);
  }

  @Override
  public CopyOutcome copyDiff(SnapshotRoot root, String from, String to, TreeDiff diff, Set<String> byName,
      ProgressListener progress) {
    if (!target.diff(root.path(), from, "").within(Scope.of(root)).isEmpty()) {
      throw new TandemException("Target " + target.uri() + root.path() + " changed since snapshot " + from);
    }
    Map<String, Node> newer = source.tree(root.path(), to);
    List<Runnable> work = new ArrayList<>();
    long files = 0;
    long bytes = 0;
    long deleted = 0;
    for (TreeDiff.Entry e : diff.entries()) {
      String rel = e.path();
      String abs = Paths.join(root.path(), rel);
      switch (e.type()) {
        case DELETE -> {
          work.add(() -> target.delete(abs));
          deleted++;
        }
        case MODIFY -> {
          Node node = rel.isEmpty() ? null : newer.get(rel);
          if (node != null) {
            work.add(() -> target.put(abs, node));
            files += node.directory() ? 0 : 1;
            bytes += node.length();
          }
        }
        case CREATE -> {
          for (var n : newer.entrySet()) {
            if (n.getKey().equals(rel) || n.getKey().startsWith(rel + "/")) {
              work.add(() -> target.put(Paths.join(root.path(), n.getKey()), n.getValue()));
              files += n.getValue().directory() ? 0 : 1;
              bytes += n.getValue().length();
            }
          }
        }
        case RENAME -> throw new UnsupportedOperationException("The fake file system makes no renames");
      }
    }
    run(work);
    return new CopyOutcome(CopyMethod.DIRECT, files, bytes, deleted, 0);
  }

  @Override
  public CopyOutcome copyFiles(SnapshotRoot root, String snapshot, Collection<String> paths,
      ProgressListener progress) {
    Scope scope = Scope.of(root);
    Map<String, Node> from = source.tree(root.path(), snapshot);
    List<Runnable> work = new ArrayList<>();
    long files = 0;
    long bytes = 0;
    long deleted = 0;
    for (String rel : paths) {
      if (!scope.contains(rel)) {
        continue;
      }
      Node node = from.get(rel);
      String abs = Paths.join(root.path(), rel);
      if (node == null) {
        work.add(() -> target.delete(abs));
        deleted++;
      } else {
        work.add(() -> target.put(abs, node));
        files++;
        bytes += node.length();
      }
    }
    run(work);
    return new CopyOutcome(CopyMethod.DIRECT, files, bytes, deleted, 0);
  }

  @Override
  public CopyOutcome rollback(SnapshotRoot root, String snapshot, String keepAs) {
    Scope scope = Scope.of(root);
    target.createSnapshot(root.path(), keepAs);
    Map<String, Node> kept = target.tree(root.path(), snapshot);
    long deleted = 0;
    for (String rel : target.tree(root.path()).keySet()) {
      if (scope.contains(rel) && !kept.containsKey(rel)) {
        target.delete(Paths.join(root.path(), rel));
        deleted++;
      }
    }
    long files = 0;
    for (var e : kept.entrySet()) {
      if (scope.contains(e.getKey()) || e.getValue().directory() && scope.reaches(e.getKey())) {
        target.put(Paths.join(root.path(), e.getKey()), e.getValue());
        files += e.getValue().directory() ? 0 : 1;
      }
    }
    return new CopyOutcome(CopyMethod.DIRECT, files, 0, deleted, 0);
  }

  private void run(List<Runnable> work) {
    copies++;
    if (failures > 0) {
      failures--;
      if (!work.isEmpty()) {
        work.get(0).run();
      }
      throw new TandemException("Copy to " + target.uri() + " failed after " + Math.min(1, work.size())
          + " change(s) (injected)");
    }
    work.forEach(Runnable::run);
  }
}
