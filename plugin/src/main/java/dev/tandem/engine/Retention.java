package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SnapshotRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Keeps the newest {@code retention} committed cuts of a group on both sites (the last good cut is never dropped),
 * and drift snapshots for a while. A cut that an active DR test exposes is held: kept on both sites, beyond the
 * retention, until the test is stopped; the next run after that drops it.
 */
final class Retention {
  private final SiteHandle primary;
  private final SiteHandle secondary;

  Retention(SiteHandle primary, SiteHandle secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  /**
   * Returns how many cuts were dropped. Counts the cuts up to and including the last good one: a record newer than
   * it belongs to a run that did not commit (it lost the compare-and-set to a run that took its expired lock), and
   * counting it would push the last good cut itself out. RECOVER discards such records.
   */
  int apply(GroupName group, int retention) {
    return apply(group, retention, note -> { });
  }

  /** {@link #apply(GroupName, int)}, saying through {@code notes} which cuts a DR test holds beyond the retention. */
  int apply(GroupName group, int retention, Consumer<String> notes) {
    Optional<CutId> last = secondary.registry().lastGoodCut(group);
    List<Cut> all = secondary.registry().cuts(group);
    int end = -1;
    for (int i = 0; i < all.size() && last.isPresent(); i++) {
      if (all.get(i).id().equals(last.get())) {
        end = i;
      }
    }
    if (end < 0) {
      return 0; // no last good cut among the records: nothing is known to be safe to drop
    }
    List<Cut> committed = all.subList(0, end + 1);
    int drop = committed.size() - Math.max(1, retention);
    Set<CutId> held = held(group);
    int dropped = 0;
    for (int i = 0; i < drop; i++) {
      Cut old = committed.get(i);
      if (held.contains(old.id())) {
        notes.accept("Kept cut " + old.id() + " beyond the retention of " + retention + ": a DR test exposes it "
            + "(tandem drtest stop " + group + " releases it)");
        continue;
      }
      dropped++;
      for (SiteHandle site : List.of(primary, secondary)) {
        for (SnapshotRoot root : old.roots()) {
          if (site.files().isDirectory(root.path())) {
            site.files().deleteSnapshot(root.path(), old.snapshotName());
          }
        }
        site.registry().deleteCut(group, old.id());
      }
    }
    return dropped;
  }

  /**
   * The cuts of the group's active DR tests. The test is recorded at the secondary; the primary's record is read
   * too, so that the hold survives a switchover that swapped the sites' roles.
   */
  private Set<CutId> held(GroupName group) {
    Set<CutId> out = new TreeSet<>();
    for (SiteHandle site : List.of(primary, secondary)) {
      site.registry().drTest(group).ifPresent(t -> out.add(t.cut()));
    }
    return out;
  }

  /**
   * Deletes the group's drift snapshots ({@code tandem-<group>-drift-<time>}) older than {@code keep} on both sites,
   * judged by the time in their names, under every root the group's cut records name; returns them as
   * {@code site:root/.snapshot/name}. A drift snapshot holds what a rollback set aside, so nothing else refers to
   * it and deleting it frees what only it held. {@link Duration#ZERO} keeps them for ever.
   */
  List<String> expireDrift(GroupName group, Duration keep, Instant now) {
    List<String> deleted = new ArrayList<>();
    if (keep.isZero()) {
      return deleted;
    }
    Instant cutoff = now.minus(keep);
    for (SiteHandle site : List.of(primary, secondary)) {
      for (String root : roots(group)) {
        if (!site.files().isDirectory(root)) {
          continue;
        }
        for (String name : site.files().snapshots(root)) {
          Optional<Instant> at = CutId.driftTime(group, name);
          if (at.isPresent() && at.get().isBefore(cutoff)) {
            site.files().deleteSnapshot(root, name);
            deleted.add(site.site().id() + ":" + root + "/.snapshot/" + name);
          }
        }
      }
    }
    return deleted;
  }

  /** Every snapshot root of the group's cut records on either site (a root may have left the group since). */
  private Set<String> roots(GroupName group) {
    Set<String> out = new TreeSet<>();
    for (SiteHandle site : List.of(primary, secondary)) {
      for (Cut cut : site.registry().cuts(group)) {
        cut.roots().forEach(r -> out.add(r.path()));
      }
    }
    return out;
  }
}
