package dev.tandem.engine;

import dev.tandem.model.Cut;
import dev.tandem.model.MetadataReport;
import dev.tandem.model.ProtectionGroup;
import java.util.List;
import java.util.Optional;

/**
 * The metastore side of a run (Hive tables and partitions whose files live in the group's directories). The
 * engine sees only paths and its own records; the implementation owns every metastore type.
 *
 * <p>Order within a run: {@link #plan} (PLAN), {@link #recover} (RECOVER), {@link #cut} (CUT, under the
 * writer fence), {@link #replicate} (REPLICATE_METADATA, after the files), {@link #verify} (VERIFY). Every
 * method is idempotent; a crash anywhere leaves the secondary's objects at the last good cut or lets
 * {@link #recover} put them back there.
 */
public interface MetastoreReplicator {
  /** For sites without a metastore: accepts groups without metastore data sets only. */
  MetastoreReplicator NONE = new MetastoreReplicator() {
    @Override
    public MetastorePlan plan(ProtectionGroup group) {
      for (int i = 0; i < group.dataSets().size(); i++) {
        if (group.dataSets().get(i).component() == dev.tandem.model.DataSet.Component.HIVE) {
          throw new dev.tandem.model.InvalidInputException("dataSets[" + i + "]", "Data set "
              + group.dataSets().get(i).describe() + " needs a Hive metastore, and site " + group.pair().primary()
              + " or " + group.pair().secondary() + " has none configured");
        }
      }
      return MetastorePlan.EMPTY;
    }

    @Override
    public void recover(MetastorePlan plan, Optional<Cut> lastGood, List<String> notes) {}

    @Override
    public CutTaker.MetastoreCut cut(MetastorePlan plan) {
      return CutTaker.MetastoreCut.NONE;
    }

    @Override
    public MetadataReport replicate(MetastorePlan plan, Cut cut, Optional<Cut> last, List<String> notes) {
      return MetadataReport.NONE;
    }

    @Override
    public MetadataReport verify(MetastorePlan plan, Cut cut, MetadataReport replicated) {
      return replicated;
    }
  };

  /**
   * Resolves the group's metastore data sets on the primary: which objects, and the directories their files
   * occupy. Throws {@link dev.tandem.model.InvalidInputException} naming the data set's field for an unknown
   * database or table, a location outside every allowed root, an unsupported object. Changes nothing.
   */
  MetastorePlan plan(ProtectionGroup group);

  /**
   * {@link #plan(ProtectionGroup)} for a run whose last good cut is {@code lastGood}: an implementation may
   * derive the plan from what it kept of that cut instead of reading every object again.
   */
  default MetastorePlan plan(ProtectionGroup group, Optional<dev.tandem.model.CutId> lastGood) {
    return plan(group);
  }

  /**
   * {@link #plan(ProtectionGroup, Optional)} with the run's part of the scrub: an implementation re-reads a
   * slice of the group's objects from the primary as {@code sweep} asks and reports it through
   * {@link #tableScrub}.
   */
  default MetastorePlan plan(ProtectionGroup group, Optional<dev.tandem.model.CutId> lastGood, TableSweep sweep) {
    return plan(group, lastGood);
  }

  /**
   * What this run's scrub of the metastore objects compared and found, once {@link #replicate} has run (which
   * wrote every differing object to the secondary). {@link TableScrub#NONE} when it compared nothing.
   */
  default TableScrub tableScrub(MetastorePlan plan) {
    return TableScrub.NONE;
  }

  /**
   * The directories the group's metastore objects occupy on the primary now, as far as they still resolve,
   * without {@link #plan}'s checks: what another group must keep off. Changes nothing.
   */
  default List<MetastorePlan.Location> occupied(ProtectionGroup group) {
    return List.of();
  }

  /**
   * Puts the secondary's objects of the group back to {@code lastGood} (or removes them when there is none)
   * if an earlier run changed them and did not commit. Notes say what was repaired.
   */
  void recover(MetastorePlan plan, Optional<Cut> lastGood, List<String> notes);

  /**
   * Keeps what the implementation holds of the group's cuts (metastore images) for {@code kept} only, the cuts the
   * group keeps after retention; called at RETAIN. Restores and DR tests of a kept cut read it.
   */
  default void retainImages(dev.tandem.model.GroupName group, List<dev.tandem.model.CutId> kept) {}

  /** The metastore's part of the cut: writers of the plan's objects held, and the event id read, under the fence. */
  CutTaker.MetastoreCut cut(MetastorePlan plan);

  /**
   * Makes the secondary's objects equal to the primary's as of {@code cut}: a bootstrap without {@code last}
   * (or when the events since it have expired, which the notes then say), else the events after
   * {@code last} up to the cut's event id. Runs after the files of the cut are on the secondary.
   */
  MetadataReport replicate(MetastorePlan plan, Cut cut, Optional<Cut> last, List<String> notes);

  /**
   * Compares the secondary's objects with the primary's as of the cut; the returned report carries the digest
   * and the mismatches (empty when equal).
   */
  MetadataReport verify(MetastorePlan plan, Cut cut, MetadataReport replicated);
}
