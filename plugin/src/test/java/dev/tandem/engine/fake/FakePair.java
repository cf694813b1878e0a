package dev.tandem.engine.fake;

import dev.tandem.engine.MetastoreReplicator;
import dev.tandem.engine.RunCoordinator;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.ScrubsAhead;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.Schedule;
import dev.tandem.model.SnapshotEnablement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Two sites in memory, paired, with the replication path between them: what a {@link RunCoordinator} needs, built
 * as {@code ControlPlane.runNow} builds it, without a cluster. Each {@link #run} makes a new coordinator over the
 * same sites, as the server does per run; the metastore side is {@link MetastoreReplicator#NONE}.
 */
public final class FakePair {
  public final FakeSite primary = new FakeSite("east");
  public final FakeSite secondary = new FakeSite("west");
  public final FakeFileReplicator replicator = new FakeFileReplicator(primary.files, secondary.files);
  public final TickingClock clock = new TickingClock();
  public final ScriptedSteps steps = new ScriptedSteps();
  private RunOptions options = RunOptions.defaults();
  private ScrubsAhead ahead = ScrubsAhead.disabled();

  public ClusterPair pair() {
    return new ClusterPair(primary.site.id(), secondary.site.id());
  }

  /** A group of HDFS directories, run every hour, snapshots enabled where missing. */
  public ProtectionGroup group(String name, int retention, String... directories) {
    return new ProtectionGroup(GroupName.of(name), pair(),
        Arrays.stream(directories).<DataSet>map(HdfsDirectory::of).toList(),
        new Schedule(LocalTime.MIDNIGHT, Duration.ofHours(1), ZoneOffset.UTC), retention,
        SnapshotEnablement.ENABLE_IF_MISSING, true);
  }

  /** Stores the group in the primary's registry, where a run reads it (SYNC_CONFIG copies it to the secondary). */
  public ProtectionGroup define(ProtectionGroup group) {
    primary.registry.putGroup(group);
    return group;
  }

  public FakePair options(RunOptions value) {
    options = value;
    return this;
  }

  /** Runs from now on leave the next run's scrub comparison here, as a server's control plane does. */
  public FakePair scrubsAhead(ScrubsAhead value) {
    ahead = value;
    return this;
  }

  public RunCoordinator coordinator(StepInterceptor interceptor) {
    return new RunCoordinator(primary.handle(), secondary.handle(), replicator, MetastoreReplicator.NONE, clock,
        options, interceptor, RunListener.NONE, ahead);
  }

  /** One run with the pair's {@link #steps} script; an hour passes before it, as between scheduled runs. */
  public Run run(GroupName group) {
    clock.advance(Duration.ofHours(1));
    return coordinator(steps).run(group);
  }

  public Optional<CutId> lastGood(FakeSite site, GroupName group) {
    return site.registry.lastGoodCut(group);
  }

  public Cut cut(FakeSite site, GroupName group, CutId id) {
    return site.registry.cut(group, id).orElseThrow();
  }

  public List<Cut> cuts(FakeSite site, GroupName group) {
    return site.registry.cuts(group);
  }
}
