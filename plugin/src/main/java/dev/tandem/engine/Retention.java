package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.GroupName;
import dev.tandem.model.SnapshotRoot;
import java.util.List;

/** Keeps the newest {@code retention} committed cuts of a group on both sites; the last good cut is never dropped. */
final class Retention {
  private final SiteHandle primary;
  private final SiteHandle secondary;

  Retention(SiteHandle primary, SiteHandle secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  /** Returns how many cuts were dropped. */
  int apply(GroupName group, int retention) {
    List<Cut> committed = secondary.registry().cuts(group);
    int drop = committed.size() - Math.max(1, retention);
    for (int i = 0; i < drop; i++) {
      Cut old = committed.get(i);
      for (SiteHandle site : List.of(primary, secondary)) {
        for (SnapshotRoot root : old.roots()) {
          if (site.files().isDirectory(root.path())) {
            site.files().deleteSnapshot(root.path(), old.snapshotName());
          }
        }
        site.registry().deleteCut(group, old.id());
      }
    }
    return Math.max(0, drop);
  }
}
