package dev.tandem.engine;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.GroupName;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.ScrubProgress;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import java.util.List;
import java.util.Optional;

/**
 * A site's registry: the durable state of Tandem at that site. Each site has its own so that the secondary
 * can act alone when the primary is gone. Writes are durable when the method returns.
 */
public interface Registry extends AutoCloseable {
  void putSite(Site site);

  Optional<Site> site(SiteId id);

  List<Site> sites();

  /** Removes a site's record; removing one that is not there is harmless. */
  void deleteSite(SiteId id);

  void putPair(ClusterPair pair);

  void deletePair(ClusterPair pair);

  List<ClusterPair> pairs();

  void putGroup(ProtectionGroup group);

  Optional<ProtectionGroup> group(GroupName name);

  List<ProtectionGroup> groups();

  void deleteGroup(GroupName name);

  void putCut(Cut cut);

  Optional<Cut> cut(GroupName group, CutId id);

  /** Cut records of a group, oldest first. */
  List<Cut> cuts(GroupName group);

  void deleteCut(GroupName group, CutId id);

  Optional<CutId> lastGoodCut(GroupName group);

  /**
   * Compare-and-set of the group's last good cut. Throws {@link dev.tandem.model.ConflictException} when the
   * current value is not {@code expected} (another run committed first); the caller must re-read, not retry
   * blindly.
   */
  void moveLastGoodCut(GroupName group, Optional<CutId> expected, CutId next);

  void putRun(Run run);

  Optional<Run> run(GroupName group, String runId);

  /** The most recent runs of a group, newest first. Older ones are pruned beyond a fixed history. */
  List<Run> runs(GroupName group, int limit);

  /** Where the group's continuous verification (scrub) stands; {@link ScrubProgress#NONE} before its first run. */
  ScrubProgress scrubProgress(GroupName group);

  /** Written by a run once it has committed: a run that fails leaves the sweep where it was. */
  void putScrubProgress(GroupName group, ScrubProgress progress);

  /** The group's active DR test as this site records it; empty when none is. */
  Optional<DrTest> drTest(GroupName group);

  /**
   * Records the group's DR test as active. Throws {@link dev.tandem.model.ConflictException} when the group has one
   * already (of two concurrent starts exactly one records its test), {@link dev.tandem.model.NotFoundException}
   * when the site does not know the group.
   */
  void createDrTest(DrTest test);

  /** Replaces the record of the group's active DR test (with its report, once the start has finished). */
  void putDrTest(DrTest test);

  /** Removes the group's DR test record; removing none is harmless. */
  void deleteDrTest(GroupName group);

  GroupLock lock(GroupName group);

  WriterFence fence(GroupName group);

  WriterFence.Writers writers(GroupName group);

  @Override
  void close();
}
