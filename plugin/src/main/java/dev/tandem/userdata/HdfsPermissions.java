package dev.tandem.userdata;

import dev.tandem.model.AccessSource;
import dev.tandem.model.Cut;
import dev.tandem.model.Paths;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataChange.Action;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.AclUtil;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Owners, permission bits and ACLs of a group's protected directories: read from the cut's snapshots on the
 * primary (so they are those of the cut's moment), re-applied to the live directories of a site.
 */
final class HdfsPermissions {
  private HdfsPermissions() {}

  /**
   * Walks every protected directory of the cut and the directories below it, breadth first, in name order,
   * up to {@code max} directories.
   */
  static HdfsAccess capture(DistributedFileSystem fs, Cut cut, int max) {
    List<PathAccess> out = new ArrayList<>();
    for (SnapshotRoot root : cut.roots()) {
      for (String rel : root.scope()) {
        if (!walk(fs, root.path(), cut.snapshotName(), rel, null, max, out)) {
          return new HdfsAccess(out, true);
        }
      }
    }
    return new HdfsAccess(out, false);
  }

  /**
   * Adds {@code rel} (relative to the root; "" for the root) and every directory below it, as the snapshot
   * holds them, breadth first with each directory's children in name order ({@link #ORDER}), while {@code out}
   * has fewer than {@code max}.
   *
   * @param status the snapshot's status of {@code rel} when the caller has it, else null
   * @return false when it stopped at {@code max}
   */
  static boolean walk(DistributedFileSystem fs, String root, String snapshotName, String rel, FileStatus status,
      int max, List<PathAccess> out) {
    String snapshot = Paths.join(root, ".snapshot/" + snapshotName);
    // Each directory's status comes from its parent's listing: one RPC per directory, not two.
    Deque<Map.Entry<String, FileStatus>> todo = new ArrayDeque<>();
    todo.add(new AbstractMap.SimpleEntry<>(rel, status));
    while (!todo.isEmpty()) {
      if (out.size() >= max) {
        return false;
      }
      Map.Entry<String, FileStatus> next = todo.poll();
      String r = next.getKey();
      Path inSnapshot = new Path(Paths.join(snapshot, r));
      try {
        FileStatus st = next.getValue() != null ? next.getValue() : fs.getFileStatus(inSnapshot);
        out.add(access(fs, Paths.join(root, r), inSnapshot, st));
        FileStatus[] children = fs.listStatus(inSnapshot);
        Arrays.sort(children, Comparator.comparing(c -> c.getPath().getName()));
        for (FileStatus c : children) {
          if (c.isDirectory()) {
            todo.add(new AbstractMap.SimpleEntry<>(r.isEmpty() ? c.getPath().getName() : r + "/" + c.getPath().getName(),
                c));
          }
        }
      } catch (IOException e) {
        throw new TandemException("Cannot read the permissions of " + inSnapshot + " on " + fs.getUri() + ": "
            + e.getMessage(), e);
      }
    }
    return true;
  }

  /**
   * The order {@link #walk} adds the directories below one starting point in: by depth, then name by name.
   * Paths are relative to the same starting point.
   */
  static final Comparator<String> ORDER = (a, b) -> {
    String[] x = a.isEmpty() ? new String[0] : a.split("/");
    String[] y = b.isEmpty() ? new String[0] : b.split("/");
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    for (int i = 0; i < x.length; i++) {
      int c = x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  /** The status and ACL of one directory as the snapshot holds it. */
  static PathAccess access(DistributedFileSystem fs, String root, String snapshotName, String rel, FileStatus st)
      throws IOException {
    return access(fs, Paths.join(root, rel), inSnapshot(root, snapshotName, rel), st);
  }

  static Path inSnapshot(String root, String snapshotName, String rel) {
    return new Path(Paths.join(Paths.join(root, ".snapshot/" + snapshotName), rel));
  }

  private static PathAccess access(DistributedFileSystem fs, String live, Path read, FileStatus st)
      throws IOException {
    List<String> acl = st.hasAcl()
        ? fs.getAclStatus(read).getEntries().stream().map(AclEntry::toStringStable).toList() : List.of();
    return new PathAccess(live, st.getOwner(), st.getGroup(), octal(st.getPermission()), acl);
  }

  static String octal(FsPermission p) {
    return String.format("%04o", p.toShort() & 01777);
  }

  /**
   * Sets owner, group, ACL and permission of each recorded directory on {@code fs} where they differ. A
   * directory missing at the site is a problem (the cut's data should be there), not created.
   */
  static void apply(HdfsAccess cut, DistributedFileSystem fs, ApplyLog log) {
    for (PathAccess want : cut.paths()) {
      Path p = new Path(want.path());
      try {
        FileStatus st;
        try {
          st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
          log.problem("HDFS: " + want.path() + " does not exist on " + fs.getUri() + "; its permissions were not applied");
          continue;
        }
        if (!st.getOwner().equals(want.owner()) || !st.getGroup().equals(want.group())) {
          if (log.writes()) {
            fs.setOwner(p, want.owner(), want.group());
          }
          log.change(AccessSource.HDFS, Action.UPDATE, want.path(), "owner " + st.getOwner() + ":" + st.getGroup()
              + " → " + want.owner() + ":" + want.group());
        }
        FsPermission wanted = new FsPermission((short) Integer.parseInt(want.permission(), 8));
        List<String> acl = st.hasAcl()
            ? fs.getAclStatus(p).getEntries().stream().map(AclEntry::toStringStable).toList() : List.of();
        if (!acl.equals(want.acl())) {
          if (log.writes()) {
            if (want.acl().isEmpty()) {
              fs.removeAcl(p);
            } else {
              List<AclEntry> entries = want.acl().stream().map(e -> AclEntry.parseAclEntry(e, true)).toList();
              fs.setAcl(p, AclUtil.getAclFromPermAndEntries(wanted, entries));
            }
          }
          log.change(AccessSource.HDFS, Action.UPDATE, want.path(), "ACL " + acl + " → " + want.acl());
        }
        String had = octal(st.getPermission());
        if (log.writes() && !octal(fs.getFileStatus(p).getPermission()).equals(want.permission())) {
          fs.setPermission(p, wanted);
        }
        if (!had.equals(want.permission())) {
          log.change(AccessSource.HDFS, Action.UPDATE, want.path(), "permission " + had + " → " + want.permission());
        }
      } catch (IOException e) {
        log.problem("HDFS: cannot apply the permissions of " + want.path() + " on " + fs.getUri() + ": "
            + e.getMessage());
      }
    }
  }
}
