package dev.tandem.engine;

import dev.tandem.model.OpenFiles;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.Verification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the cut on the primary with its sealed copy on the secondary, root by root: the whole listing, or, for
 * a root whose changes on both sides since an earlier verified cut are known, only the region they touched.
 */
public final class CutVerifier {
  private static final int MAX_REPORTED = 20;
  private final ManifestReader primary;
  private final ManifestReader secondary;

  public CutVerifier(ManifestReader primary, ManifestReader secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  /**
   * @param checksums per root, which files to checksum (default: all)
   * @param regionOnly roots to compare only within their selection: each is listed and checksummed there alone
   * @param open the files open for write at the cut; where the primary's snapshots do not freeze them, each of
   *     these, and any file the snapshot shows modified after it was taken, is still being written: the
   *     secondary must hold an exact prefix of it (checksum of the primary's first bytes), and it is returned as
   *     growing
   * @param snapshotTimes per root, when the cut's snapshot was taken by the primary's clock (needed only where
   *     snapshots do not freeze open files)
   */
  public Verification verify(List<SnapshotRoot> roots, String snapshot, Map<String, ChecksumSelection> checksums,
      Set<String> regionOnly, OpenFiles open, Map<String, Long> snapshotTimes) {
    List<String> mismatches = new ArrayList<>();
    long[] found = {0};
    OpenFiles growing = new OpenFiles(open.capture(), Map.of());
    long entries = 0;
    long sums = 0;
    for (SnapshotRoot root : roots) {
      Scope scope = Scope.of(root);
      ChecksumSelection selection = checksums.getOrDefault(root.path(), ChecksumSelection.everything());
      boolean region = regionOnly.contains(root.path()) && !selection.all();
      Manifest a = region ? primary.readRegion(root.path(), snapshot, scope, selection)
          : primary.read(root.path(), snapshot, scope, selection);
      Manifest b = region ? secondary.readRegion(root.path(), snapshot, scope, selection)
          : secondary.read(root.path(), snapshot, scope, selection);
      Set<String> listedOpen = open.capture().frozen() ? Set.of() : new HashSet<>(open.under(root.path()));
      Long takenAt = snapshotTimes.get(root.path());
      List<String> grew = new ArrayList<>();
      entries += a.entries().size();
      for (var e : a.entries().entrySet()) {
        Manifest.Entry other = b.entries().get(e.getKey());
        String where = root.path() + "/" + e.getKey();
        if (other == null) {
          note(mismatches, found, "missing on secondary: " + where);
          continue;
        }
        Manifest.Entry x = e.getValue();
        if (x.checksum() != null) {
          sums++;
        }
        boolean maybeGrowing = !x.directory() && !other.directory() && !open.capture().frozen()
            && (listedOpen.contains(e.getKey()) || (takenAt != null && x.modificationTime() > takenAt));
        String diff = maybeGrowing ? prefixDifferences(root.path(), snapshot, e.getKey(), x, other)
            : differences(x, other);
        if (!diff.isEmpty()) {
          note(mismatches, found, where + ": " + diff);
        } else if (maybeGrowing && !sameFile(x, other)) {
          grew.add(e.getKey());
        }
      }
      for (String extra : b.entries().keySet()) {
        if (!a.entries().containsKey(extra)) {
          note(mismatches, found, "extra on secondary: " + root.path() + "/" + extra);
        }
      }
      growing = growing.plus(root.path(), grew);
    }
    return new Verification(entries, sums, mismatches, growing, found[0]);
  }

  /**
   * A file being written on the primary past the cut: its snapshot follows the live file, so the secondary's copy
   * must be an exact prefix of it; ownership and permission must match as for any file.
   */
  private String prefixDifferences(String root, String snapshot, String rel, Manifest.Entry a, Manifest.Entry b) {
    List<String> d = new ArrayList<>();
    if (b.length() > a.length()) {
      d.add("length " + a.length() + " vs " + b.length() + " (longer on the secondary)");
    } else {
      String theirs = b.checksum() != null ? b.checksum() : secondary.checksum(root, snapshot, rel, b.length());
      if (!primary.checksum(root, snapshot, rel, b.length()).equals(theirs)) {
        d.add("not a prefix of the primary's file being written (checksum of the first " + b.length()
            + " bytes)");
      }
    }
    if (!Objects.equals(a.owner(), b.owner()) || !Objects.equals(a.group(), b.group())
        || a.permission() != b.permission() || a.acl() != b.acl()) {
      d.add("owner or permission");
    }
    return String.join(", ", d);
  }

  private static boolean sameFile(Manifest.Entry a, Manifest.Entry b) {
    return a.length() == b.length() && a.modificationTime() == b.modificationTime();
  }

  private static void note(List<String> mismatches, long[] found, String text) {
    found[0]++;
    if (mismatches.size() < MAX_REPORTED) {
      mismatches.add(text);
    }
  }

  static String differences(Manifest.Entry a, Manifest.Entry b) {
    List<String> d = new ArrayList<>();
    if (a.directory() != b.directory()) {
      d.add("type");
    }
    if (!a.directory() && a.length() != b.length()) {
      d.add("length " + a.length() + " vs " + b.length());
    }
    if (!Objects.equals(a.owner(), b.owner()) || !Objects.equals(a.group(), b.group())) {
      d.add("owner " + a.owner() + ":" + a.group() + " vs " + b.owner() + ":" + b.group());
    }
    if (a.permission() != b.permission() || a.acl() != b.acl()) {
      d.add(String.format("permission %o%s vs %o%s", a.permission(), a.acl() ? "+acl" : "", b.permission(),
          b.acl() ? "+acl" : ""));
    }
    if (!a.directory() && a.modificationTime() != b.modificationTime()) {
      d.add("mtime " + a.modificationTime() + " vs " + b.modificationTime());
    }
    if (a.checksum() != null && b.checksum() != null && !a.checksum().equals(b.checksum())) {
      d.add("checksum");
    }
    return String.join(", ", d);
  }
}
