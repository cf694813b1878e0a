package dev.tandem.userdata;

import dev.tandem.engine.CutChanges;
import dev.tandem.engine.Registry;
import dev.tandem.engine.UserDataBackup;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.RestoreRequest.HiveName;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.model.UserDataChange;
import dev.tandem.model.AccessSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The user data of the groups a site protects as their secondary, and the operations on it: back up (each
 * run, step {@code USER_DATA}), list versions, read one, diff two, apply one to this site (on switchover,
 * failover or demand). This is the plain Java facade the REST API and the UI sit on; it validates its
 * inputs and throws {@link NotFoundException} for unknown cuts.
 */
public final class UserDataService implements UserDataBackup {
  /** Finds the capturer of the site a group's user data is captured at (its primary). */
  @FunctionalInterface
  public interface Capturers {
    UserDataCapturer at(SiteId site);
  }

  private final SiteId site;
  private final UserDataStore store;
  private final Registry registry;
  private final Capturers capturers;
  private final Supplier<UserDataApplier> applier;
  private final Function<SiteId, Optional<HiveGrantTarget>> grantTargets;

  /**
   * @param registry this site's registry: its committed cuts decide which versions are kept
   * @param applier applies to this site's sources as they are configured at the time
   * @param grantTargets the Hive grant target of a site of the pair, where one is configured
   */
  public UserDataService(SiteId site, UserDataStore store, Registry registry, Capturers capturers,
      Supplier<UserDataApplier> applier, Function<SiteId, Optional<HiveGrantTarget>> grantTargets) {
    this.site = site;
    this.store = store;
    this.registry = registry;
    this.capturers = capturers;
    this.applier = applier;
    this.grantTargets = grantTargets;
  }

  @Override
  public String backUp(ProtectionGroup group, Cut cut, Optional<CutChanges> since) {
    for (SnapshotRoot root : cut.roots()) {
      if (Paths.isSameOrBelow(store.dir(), root.path())) {
        throw new TandemException("The user-data store " + store.dir() + " of " + site + " lies in snapshot root "
            + root.path() + " of group " + group.name() + ": move it (tandem.userdata.dir)");
      }
    }
    SiteId primary = group.pair().primary();
    // Only a record read at the same primary, from the cut the diffs start at, can be brought forward.
    Optional<UserDataCapturer.Prior> prior = since.flatMap(c -> store.read(group.name(), c.base().id())
        .filter(r -> r.site().equals(primary) && r.hdfs() != null)
        .map(r -> new UserDataCapturer.Prior(r, c)));
    UserDataRecord r = capturers.at(primary).capture(group, cut, prior);
    store.write(r);
    Set<CutId> keep = registry.cuts(group.name()).stream().map(Cut::id).collect(Collectors.toCollection(HashSet::new));
    keep.add(cut.id());
    List<CutId> pruned = store.prune(group.name(), keep);
    String missing = r.sources().stream().filter(s -> !s.captured()).map(s -> s.source().name())
        .collect(Collectors.joining(", "));
    return "User data of cut " + cut.id() + " kept at " + site + ":" + store.path(group.name(), cut.id()).toUri().getPath()
        + ": " + r.grants().size() + " grants" + (missing.isEmpty() ? "" : "; not captured: " + missing)
        + (pruned.isEmpty() ? "" : "; dropped the versions of cuts " + pruned);
  }

  @Override
  public UserDataApplyReport apply(GroupName group, CutId cut, ApplyMode mode) {
    return applier.get().apply(record(group, cut), mode);
  }

  @Override
  public List<UserDataChange> restoreTableGrants(GroupName group, CutId cut, HiveName from, SiteId at, HiveName to,
      ApplyMode mode) {
    UserDataRecord r = record(group, cut);
    if (r.hive() == null) {
      throw new TandemException("the user data of cut " + cut + " holds no Hive grants (" + r.sources().stream()
          .filter(s -> s.source() == AccessSource.HIVE).map(SourceStatus::detail).findFirst().orElse("not captured")
          + ")");
    }
    HiveGrants renamed = new HiveGrants(r.hive().privileges().stream()
        .filter(p -> p.database().equalsIgnoreCase(from.database()) && p.table().equalsIgnoreCase(from.table()))
        .map(p -> new HiveGrants.Privilege(p.principal(), to.database(), to.table(), p.privilege(), p.grantOption()))
        .toList(), r.hive().roles());
    HiveGrantTarget target = grantTargets.apply(at).orElseThrow(() -> new TandemException(
        "no Hive grant target is configured at " + at));
    return target.applyTable(renamed, to.database(), to.table(), mode);
  }

  /** Cuts of the group with a kept version, oldest first. */
  public List<CutId> versions(GroupName group) {
    return store.versions(group);
  }

  public UserDataRecord record(GroupName group, CutId cut) {
    return store.read(group, cut).orElseThrow(() -> new NotFoundException("No user data of cut " + cut + " of group "
        + group + " at " + site));
  }

  /** The version of the group's last good cut at this site, if there is one. */
  public Optional<UserDataRecord> lastGood(GroupName group) {
    return registry.lastGoodCut(group).flatMap(c -> store.read(group, c));
  }

  /** Who gained or lost what between two kept versions of the group. */
  public UserDataDiff diff(GroupName group, CutId from, CutId to) {
    return UserDataDiff.between(record(group, from), record(group, to));
  }
}
