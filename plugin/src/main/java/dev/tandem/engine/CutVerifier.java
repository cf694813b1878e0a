package dev.tandem.engine;

import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.Verification;
import java.util.ArrayList;
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
   */
  public Verification verify(List<SnapshotRoot> roots, String snapshot, Map<String, ChecksumSelection> checksums,
      Set<String> regionOnly) {
    List<String> mismatches = new ArrayList<>();
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
      entries += a.entries().size();
      for (var e : a.entries().entrySet()) {
        Manifest.Entry other = b.entries().get(e.getKey());
        String where = root.path() + "/" + e.getKey();
        if (other == null) {
          note(mismatches, "missing on secondary: " + where);
          continue;
        }
        Manifest.Entry x = e.getValue();
        if (x.checksum() != null) {
          sums++;
        }
        String diff = differences(x, other);
        if (!diff.isEmpty()) {
          note(mismatches, where + ": " + diff);
        }
      }
      for (String extra : b.entries().keySet()) {
        if (!a.entries().containsKey(extra)) {
          note(mismatches, "extra on secondary: " + root.path() + "/" + extra);
        }
      }
    }
    return new Verification(entries, sums, mismatches);
  }

  private static void note(List<String> mismatches, String text) {
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
