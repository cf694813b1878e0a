package dev.tandem.userdata;

import dev.tandem.engine.CutChanges;
import dev.tandem.engine.Scope;
import dev.tandem.engine.TreeDiff;
import dev.tandem.model.Cut;
import dev.tandem.model.Paths;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Brings the directory permissions recorded for the last good cut forward to the next cut through the snapshot
 * diff between them, so that a run reads only what changed instead of every protected directory: O(changes),
 * not O(directories). The result equals what {@link HdfsPermissions#capture} reads from the new cut's snapshot,
 * in the same order; a test holds the two side by side on a real NameNode.
 *
 * <p>HDFS records every change of a directory's owner, permission, ACL or children as a MODIFY of that
 * directory in the snapshot diff; a created directory is one CREATE (its content implied); entries below a
 * renamed directory are reported under its old path. So: DELETEs and everything below a rename's source leave
 * the record; created and renamed subtrees are walked again in the new snapshot (under both the reported and the
 * translated path: a walk only ever records what the snapshot holds, so one too many costs an RPC, never a wrong
 * entry); a MODIFY of a recorded directory re-reads that one directory. A MODIFY of a path the record does not hold is a file (the record held
 * every directory in scope), which DistCp carries.
 */
final class HdfsAccessUpdate {
  private HdfsAccessUpdate() {}

  /**
   * @param before the record of {@code since.base()}, read at the same primary
   * @return empty when the record cannot be brought forward (it was truncated, or the new one would be): then
   *     read the whole tree
   */
  static Optional<HdfsAccess> bringForward(DistributedFileSystem fs, Cut cut, int max, HdfsAccess before,
      CutChanges since) {
    if (before.truncated()) {
      return Optional.empty();
    }
    List<PathAccess> out = new ArrayList<>();
    for (SnapshotRoot root : cut.roots()) {
      TreeDiff diff = since.diffs().get(root.path());
      boolean whole = diff == null || !since.base().roots().contains(root);
      for (String rel : root.scope()) {
        boolean complete = whole
            ? HdfsPermissions.walk(fs, root.path(), cut.snapshotName(), rel, null, max, out)
            : forward(fs, root, cut.snapshotName(), rel, before, diff, max, out);
        if (!complete || out.size() > max) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new HdfsAccess(out, false));
  }

  /** The directories at or below {@code scopeRel}, in walk order, added to {@code out}. */
  private static boolean forward(DistributedFileSystem fs, SnapshotRoot root, String snapshotName, String scopeRel,
      HdfsAccess before, TreeDiff diff, int max, List<PathAccess> out) {
    Scope scope = new Scope(List.of(scopeRel));
    Map<String, PathAccess> known = new HashMap<>();
    for (PathAccess p : before.paths()) {
      relative(root.path(), p.path()).filter(scope::contains).ifPresent(r -> known.put(r, p));
    }
    TreeSet<String> walks = new TreeSet<>(HdfsPermissions.ORDER);
    List<String> modified = new ArrayList<>();
    for (TreeDiff.Entry e : diff.entries()) {
      switch (e.type()) {
        case DELETE -> dropSubtree(known, e.path());
        case RENAME -> {
          dropSubtree(known, e.path());
          addWalk(walks, scope, e.target());
          addWalk(walks, scope, diff.inNewer(e.target()));
          addWalk(walks, scope, inNewerParent(diff, e.target()));
        }
        case CREATE -> {
          // The created inode was not in the older snapshot: only its parent's path is in the older namespace.
          addWalk(walks, scope, e.path());
          addWalk(walks, scope, inNewerParent(diff, e.path()));
        }
        case MODIFY -> modified.add(diff.inNewer(e.path()));
      }
    }
    try {
      List<String> started = new ArrayList<>();
      for (String w : walks) {
        if (started.stream().anyMatch(s -> isSameOrBelow(w, s))) {
          continue;
        }
        started.add(w);
        dropSubtree(known, w);
        FileStatus st;
        try {
          st = fs.getFileStatus(HdfsPermissions.inSnapshot(root.path(), snapshotName, w));
        } catch (FileNotFoundException gone) {
          continue; // renamed again or deleted before the cut: its final place is an entry of its own
        }
        if (st.isDirectory()) {
          List<PathAccess> subtree = new ArrayList<>();
          if (!HdfsPermissions.walk(fs, root.path(), snapshotName, w, st, max + 1, subtree)) {
            return false;
          }
          subtree.forEach(p -> known.put(relative(root.path(), p.path()).orElseThrow(), p));
        }
        if (known.size() > max) {
          return false;
        }
      }
      for (String m : modified) {
        if (known.containsKey(m) && started.stream().noneMatch(s -> isSameOrBelow(m, s))) {
          FileStatus st = fs.getFileStatus(HdfsPermissions.inSnapshot(root.path(), snapshotName, m));
          known.put(m, HdfsPermissions.access(fs, root.path(), snapshotName, m, st));
        }
      }
    } catch (IOException e) {
      throw new TandemException("Cannot read the permissions of what changed in " + root.path() + " since cut "
          + snapshotName + " on " + fs.getUri() + ": " + e.getMessage(), e);
    }
    known.keySet().stream().sorted(HdfsPermissions.ORDER).forEach(r -> out.add(known.get(r)));
    return true;
  }

  private static void addWalk(TreeSet<String> walks, Scope scope, String rel) {
    if (rel != null && scope.contains(rel)) {
      walks.add(rel);
    }
  }

  private static String inNewerParent(TreeDiff diff, String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? rel : diff.inNewer(rel.substring(0, slash)) + rel.substring(slash);
  }

  private static void dropSubtree(Map<String, PathAccess> known, String rel) {
    known.keySet().removeIf(k -> isSameOrBelow(k, rel));
  }

  private static boolean isSameOrBelow(String rel, String ancestor) {
    return ancestor.isEmpty() || rel.equals(ancestor) || rel.startsWith(ancestor + "/");
  }

  private static Optional<String> relative(String root, String path) {
    if (path.equals(root)) {
      return Optional.of("");
    }
    String prefix = root.endsWith("/") ? root : root + "/";
    return path.startsWith(prefix) ? Optional.of(path.substring(prefix.length())) : Optional.empty();
  }
}
