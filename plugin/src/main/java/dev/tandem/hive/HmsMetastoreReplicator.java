package dev.tandem.hive;

import dev.tandem.engine.CutTaker;
import dev.tandem.engine.MetastorePlan;
import dev.tandem.engine.MetastoreReplicator;
import dev.tandem.engine.TableScrub;
import dev.tandem.engine.TableSweep;
import dev.tandem.engine.WriterFence;
import dev.tandem.model.Cut;
import dev.tandem.model.ConflictException;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.HiveFencing;
import dev.tandem.model.MetadataMode;
import dev.tandem.model.MetadataReport;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.ScrubReport;
import dev.tandem.model.Site;
import dev.tandem.model.TandemException;
import dev.tandem.registry.ZkMetastoreFence;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hive tables of a group, replicated with the files of the same cut.
 *
 * <p>PLAN reads every protected object from the primary (the dump) after reading the current event id A, or,
 * between full reads, derives the dump from the last good cut's image and the events up to A. The cut then
 * records event id E under the fence. The secondary must show the objects as of E, which is the
 * dump with the events in (A, E] replayed onto it: every event carries its object's after-image, so replaying
 * one the dump already shows changes nothing. A later run replays the events after the last good cut onto
 * that cut's image as well, and, after a full read, compares table by table: a table the two derivations
 * disagree on (a change the metastore made without an event, an expired log) takes the freshly read state,
 * and the notes say so.
 *
 * <p>The image of each cut is written to the secondary's file system before any secondary table is touched,
 * with a marker naming the cut being applied; a later run that finds the marker on an uncommitted cut puts
 * the secondary's tables back to the last good image.
 */
public final class HmsMetastoreReplicator implements MetastoreReplicator {
  private static final Logger LOG = LoggerFactory.getLogger(HmsMetastoreReplicator.class);
  static final int TIMEOUT_MS = 120_000;
  /** How long runs may plan from the last good cut's image unless configured otherwise. */
  public static final Duration DEFAULT_FULL_READ_INTERVAL = Duration.ofHours(24);

  private final Site primary;
  private final Site secondary;
  private final LocationRewriter rewriter;
  private final ImageStore images;
  private final FileSystem secondaryFs;
  private final ZkMetastoreFence fence;
  private final Duration fullReadInterval;
  private final Clock clock;
  /** The image this run wrote (VERIFY compares against it without reading it back). */
  private HiveImage written;
  /** Tables the events after PLAN's read changed, as REPLICATE_METADATA replayed them. */
  private Set<String> changedAfterPlan = Set.of();
  /** After a full read: tables whose replayed state differed from it, with the first difference. */
  private final Map<String, String> reconciled = new java.util.TreeMap<>();

  /**
   * @param secondaryFs the secondary's file system, where the images live and the cut's files are checked
   * @param imageDir directory of the images on the secondary, outside every snapshot root
   * @param fence the primary's metastore fence
   */
  public HmsMetastoreReplicator(Site primary, Site secondary, FileSystem secondaryFs, String imageDir,
      ZkMetastoreFence fence) {
    this(primary, secondary, secondaryFs, imageDir, fence, DEFAULT_FULL_READ_INTERVAL, Clock.systemUTC());
  }

  /**
   * @param fullReadInterval how long a run may plan from the last good cut's image before it reads every
   *     protected object from the primary again; zero reads them every run
   */
  public HmsMetastoreReplicator(Site primary, Site secondary, FileSystem secondaryFs, String imageDir,
      ZkMetastoreFence fence, Duration fullReadInterval, Clock clock) {
    this.primary = primary;
    this.secondary = secondary;
    this.rewriter = new LocationRewriter(primary.fileSystemUri(), secondary.fileSystemUri());
    this.images = new ImageStore(secondaryFs, imageDir);
    this.secondaryFs = secondaryFs;
    this.fence = fence;
    this.fullReadInterval = fullReadInterval;
    this.clock = clock;
  }

  private HmsClient primaryClient() {
    return HmsClient.connect(primary.metastoreUri(), TIMEOUT_MS);
  }

  private HmsClient secondaryClient() {
    return HmsClient.connect(secondary.metastoreUri(), TIMEOUT_MS);
  }

  @Override
  public MetastorePlan plan(ProtectionGroup group) {
    return plan(group, Optional.empty());
  }

  /**
   * Reads the group's objects whole from the primary, or, when the last good cut's image was read whole less
   * than {@code fullReadInterval} ago, derives them from that image and the events since (see
   * {@link HivePlanner#planFromImage}).
   */
  @Override
  public MetastorePlan plan(ProtectionGroup group, Optional<CutId> lastGood) {
    return plan(group, lastGood, TableSweep.OFF);
  }

  /**
   * As {@link #plan(ProtectionGroup, Optional)}, with the scrub's slice of tables re-read from the primary and
   * compared with the image (see {@link HivePlanner#planFromImage}); {@code sweep.whole()} reads every object.
   */
  @Override
  public MetastorePlan plan(ProtectionGroup group, Optional<CutId> lastGood, TableSweep sweep) {
    HiveScope scope = HiveScope.of(group);
    if (scope.isEmpty()) {
      return HivePlan.read(group.name(), scope, -1, new HiveImage(-1), List.of(), List.of(), HivePlan.Scrubbed.NONE);
    }
    List<String> notes = new ArrayList<>();
    try (HmsClient client = primaryClient()) {
      HivePlanner planner = new HivePlanner(client, rewriter);
      Instant now = clock.instant();
      Optional<HiveImage> image = lastGood.isEmpty() || fullReadInterval.isZero() ? Optional.empty()
          : lastImage(group, lastGood.get(), notes);
      // A table absent now counts as dropped only if the log shows its drop after the last good cut's event id.
      long since = image.map(HiveImage::eventId).orElse(-1L);
      if (image.isPresent() && sweep.whole()) {
        notes.add("Hive objects read whole from the primary: a whole verification was asked for");
      } else if (image.isPresent()) {
        Instant lastFull = Instant.ofEpochMilli(image.get().fullReadAt());
        if (lastFull.plus(fullReadInterval).isAfter(now)) {
          Optional<HivePlan> derived = planner.planFromImage(group, image.get(), lastGood.get(), sweep, notes);
          if (derived.isPresent()) {
            return derived.get();
          }
        } else if (image.get().fullReadAt() > 0) {
          notes.add("Hive objects read whole from the primary: the last full read was at " + lastFull
              + " (every " + fullReadInterval + ")");
        }
      }
      return planner.plan(group, now.toEpochMilli(), since, sweep, notes);
    }
  }

  /** The last good cut's image for planning; a missing or unreadable one means a full read (noted, if unreadable). */
  private Optional<HiveImage> lastImage(ProtectionGroup group, CutId cut, List<String> notes) {
    try {
      return images.read(group.name(), cut);
    } catch (RuntimeException e) {
      notes.add("Hive objects read whole from the primary: " + e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public List<MetastorePlan.Location> occupied(ProtectionGroup group) {
    if (HiveScope.of(group).isEmpty()) {
      return List.of();
    }
    try (HmsClient client = primaryClient()) {
      return new HivePlanner(client, rewriter).occupied(group);
    }
  }

  @Override
  public void recover(MetastorePlan plan, Optional<Cut> lastGood, List<String> notes) {
    HivePlan p = (HivePlan) plan;
    if (p.scope().isEmpty()) {
      return;
    }
    Optional<CutId> applying = images.applying(p.group());
    if (applying.isPresent() && !applying.equals(lastGood.map(Cut::id))) {
      HiveImage target = lastGood.map(c -> images.read(p.group(), c.id()).orElseThrow(() -> new TandemException(
          "The metastore image of last good cut " + c.id() + " of group " + p.group() + " is missing on "
              + secondary.id() + "; the secondary's tables cannot be put back to it")))
          .orElseGet(() -> new HiveImage(-1));
      try (HmsClient client = secondaryClient()) {
        SecondaryWriter writer = new SecondaryWriter(client);
        Set<String> keys = new TreeSet<>(writer.tablesInScope(p.scope()));
        keys.addAll(target.tables().keySet());
        SecondaryWriter.Written w = writer.apply(target, keys);
        notes.add("Put " + w.tables() + " table(s) and " + w.partitions() + " partition(s) of the secondary's metastore "
            + "back to " + lastGood.map(c -> "cut " + c.id()).orElse("their state before the first cut")
            + " (an earlier run changed them for cut " + applying.get() + " and did not commit)");
      }
      images.clearApplying(p.group());
    } else if (applying.isPresent()) {
      images.clearApplying(p.group());
    }
    // Older images stay while their cuts are kept (restores and DR tests read them); retainImages drops the rest.
    images.dropAfter(p.group(), lastGood.map(Cut::id));
  }

  @Override
  public void retainImages(GroupName group, List<CutId> kept) {
    images.retain(group, kept);
  }

  @Override
  public CutTaker.MetastoreCut cut(MetastorePlan plan) {
    HivePlan p = (HivePlan) plan;
    if (p.scope().isEmpty()) {
      return CutTaker.MetastoreCut.NONE;
    }
    return new CutTaker.MetastoreCut() {
      private String unfenced;

      @Override
      public long currentEventId() {
        try (HmsClient client = primaryClient()) {
          return client.call("read the current event id", rpc -> rpc.get_current_notificationEventId()).getEventId();
        }
      }

      @Override
      public WriterFence.Raised hold(Duration drainTimeout, HiveFencing fencing) {
        java.util.Optional<String> why = unfencedReason(fence.instances(), fencing, primary, p.group());
        if (why.isPresent()) {
          unfenced = why.get();
          return () -> { };
        }
        return fence.raise(p.group(), p.scope().encode(), drainTimeout);
      }

      @Override
      public java.util.Optional<String> unfenced() {
        return java.util.Optional.ofNullable(unfenced);
      }
    };
  }

  /**
   * With no metastore registered, a raised fence would hold nothing: DDL could fall between the snapshots and the
   * event id unnoticed. That fails the cut ({@link ConflictException}) unless the group allows it; then the reason
   * for the run report, empty when the metastores can be fenced.
   */
  static Optional<String> unfencedReason(List<String> instances, HiveFencing fencing, Site primary,
      dev.tandem.model.GroupName group) {
    if (!instances.isEmpty()) {
      return Optional.empty();
    }
    String why = "no metastore of site " + primary.id() + " has registered Tandem's fence listener "
        + "(dev.tandem.hive.TandemFenceListener in metastore.pre.event.listeners, see the README's Hive section)";
    if (fencing != HiveFencing.ALLOW_UNFENCED) {
      throw new ConflictException("The Hive metadata of group " + group + " cannot be fenced: " + why
          + "; install the listener, or let the group allow unfenced cuts (hiveFencing ALLOW_UNFENCED)");
    }
    return Optional.of("Hive metadata cut without the metastore fence: " + why + "; the group allows it, so a "
        + "table or partition changed while this cut was taken may be in its metadata and not its files, or the "
        + "other way round");
  }

  @Override
  public MetadataReport replicate(MetastorePlan plan, Cut cut, Optional<Cut> last, List<String> notes) {
    HivePlan p = (HivePlan) plan;
    if (p.scope().isEmpty()) {
      return MetadataReport.NONE;
    }
    long to = cut.metastoreEventId();
    notes.addAll(p.notes());
    HmsEventReplayer replayer = new HmsEventReplayer(p.scope(), rewriter);
    try (HmsClient source = primaryClient(); HmsClient target = secondaryClient()) {
      // The plan's dump is this run's alone: replay onto it in place.
      HiveImage fresh = p.dump();
      HmsEventReplayer.Replay freshReplay = replayer.replay(source, p.dumpedAfterEventId(), to, fresh);
      changedAfterPlan = freshReplay.tablesTouched();
      // Tables created or changed while PLAN read get their statistics now; those of the others are PLAN's.
      HmsColumnStatistics.readAll(primary.metastoreUri(), freshReplay.tablesTouched().stream()
          .map(fresh.tables()::get).filter(java.util.Objects::nonNull).toList());
      MetadataMode mode = MetadataMode.BOOTSTRAP;
      HiveImage image = fresh;
      long from = -1;
      long replayed = freshReplay.eventsRead();
      Set<String> keys = new TreeSet<>();
      boolean derived = p.base().isPresent() && p.base().equals(last.map(Cut::id));
      // A plan derived from the last good cut's image is that image with the events since replayed: nothing
      // to read again, nothing to cross-check (the periodic full read does that).
      Optional<HiveImage> base = derived ? Optional.empty() : last.flatMap(l -> images.read(p.group(), l.id()));
      if (derived) {
        mode = MetadataMode.INCREMENTAL;
        from = last.get().metastoreEventId();
        replayed += p.eventsReplayed();
        keys.addAll(p.touched());
        keys.addAll(freshReplay.tablesTouched());
      } else if (last.isPresent() && base.isEmpty()) {
        notes.add("Hive metadata bootstrapped: the metastore image of last good cut " + last.get().id()
            + " is missing on " + secondary.id());
      }
      if (base.isPresent()) {
        from = base.get().eventId();
        // Read from its file for this run only: replay onto it in place too.
        HiveImage incremental = base.get();
        try {
          HmsEventReplayer.Replay r = new HmsEventReplayer(p.scope(), rewriter).replay(source, from, to, incremental);
          mode = MetadataMode.INCREMENTAL;
          replayed = r.eventsRead();
          keys.addAll(r.tablesTouched());
          image = reconcile(incremental, fresh, notes, keys, reconciled);
        } catch (HmsEventReplayer.EventsMissing e) {
          notes.add("Hive metadata bootstrapped in this cut: " + e.getMessage() + " (events after " + from
              + " expired before this run)");
        }
      }
      SecondaryWriter writer = new SecondaryWriter(target);
      if (mode == MetadataMode.BOOTSTRAP) {
        keys.addAll(writer.tablesInScope(p.scope()));
        keys.addAll(image.tables().keySet());
      }
      image.fullReadAt(fresh.fullReadAt());
      images.write(p.group(), cut.id(), image);
      images.markApplying(p.group(), cut.id());
      writer.databases(image);
      SecondaryWriter.Written w = apply(image, keys);
      written = image;
      LOG.info("Metastore objects of group {} at event {}: {} {} table(s), {} partition(s) written, {} event(s)",
          p.group(), to, mode, w.tables(), w.partitions(), replayed);
      return new MetadataReport(mode, from, to, replayed, w.tables(), w.partitions(), 0, 0, "", List.of());
    }
  }

  /** Writes the tables {@code keys} over a few connections to the secondary at once. */
  private SecondaryWriter.Written apply(HiveImage image, Set<String> keys) {
    SecondaryWriter.Written total = new SecondaryWriter.Written(0, 0);
    for (SecondaryWriter.Written w : HmsParallel.run(secondary.metastoreUri(), new ArrayList<>(keys),
        (client, chunk) -> new SecondaryWriter(client).apply(image, chunk))) {
      total = total.plus(w);
    }
    return total;
  }

  /**
   * The incremental image, except for tables where the freshly derived state differs: those take the fresh
   * state (a change the metastore made without an event, such as a cascade to partitions).
   */
  private static HiveImage reconcile(HiveImage incremental, HiveImage fresh, List<String> notes,
      Set<String> changed, Map<String, String> differences) {
    List<String> differing = new ArrayList<>();
    String example = null;
    Set<String> all = new TreeSet<>(incremental.tables().keySet());
    all.addAll(fresh.tables().keySet());
    for (String key : all) {
      HiveImage.TableImage a = incremental.tables().get(key);
      HiveImage.TableImage b = fresh.tables().get(key);
      if (a != null && b != null && takeStatistics(a, b)) {
        // Statistics change without events on Hive 3.1: the fresh ones may differ as expected, and win quietly.
        changed.add(key);
      }
      if (!sameTable(a, b)) {
        differing.add(key);
        changed.add(key);
        String what = MetastoreDigest.firstDifference(key, b, a);
        differences.put(key, what == null ? "differs" : what);
        if (example == null) {
          example = what;
        }
        if (b == null) {
          incremental.tables().remove(key);
        } else {
          incremental.tables().put(key, b);
        }
      }
    }
    incremental.databases().clear();
    incremental.databases().putAll(fresh.databases());
    if (!differing.isEmpty()) {
      notes.add("Re-bootstrapped Hive table(s) " + differing + " in this cut: replaying the events since the last "
          + "cut did not reproduce their state on the primary (" + example + ")");
    }
    return incremental;
  }

  /** a: replayed, b: fresh. */
  private static boolean sameTable(HiveImage.TableImage a, HiveImage.TableImage b) {
    return MetastoreDigest.firstDifference("t", b, a) == null;
  }

  /**
   * The scrub's findings: PLAN's slice compared with the image, less the tables whose events after PLAN's read
   * explain what the read saw (they are written anyway), and, after a full read, the tables whose replayed state
   * disagreed with it. Every one of them was written to the secondary by {@link #replicate}.
   */
  @Override
  public TableScrub tableScrub(MetastorePlan plan) {
    HivePlan.Scrubbed s = ((HivePlan) plan).scrubbed();
    if (s.next() == null) {
      return TableScrub.NONE;
    }
    Map<String, String> found = new java.util.TreeMap<>(s.differing());
    found.keySet().removeAll(changedAfterPlan);
    found.putAll(reconciled);
    List<String> shown = found.entrySet().stream().limit(ScrubReport.MAX_DIFFERENCES)
        .map(e -> "hive " + e.getKey() + ": " + e.getValue()).toList();
    return new TableScrub(s.compared().size(), found.size(), shown, s.next());
  }

  /**
   * Copies the fresh statistics onto the replayed table, with the parameter in which the metastore records
   * which of them are accurate (it changes with them, without an event); true if any of it differed.
   */
  private static boolean takeStatistics(HiveImage.TableImage replayed, HiveImage.TableImage fresh) {
    boolean differ = !MetastoreDigest.statistics(replayed).equals(MetastoreDigest.statistics(fresh));
    replayed.statistics(fresh.statistics());
    replayed.partitionStatistics().clear();
    replayed.partitionStatistics().putAll(fresh.partitionStatistics());
    differ |= takeAccuracy(replayed.table().getParameters(), fresh.table().getParameters());
    for (Map.Entry<String, Partition> e : fresh.partitions().entrySet()) {
      Partition mine = replayed.partitions().get(e.getKey());
      if (mine != null) {
        differ |= takeAccuracy(mine.getParameters(), e.getValue().getParameters());
      }
    }
    return differ;
  }

  private static boolean takeAccuracy(Map<String, String> replayed, Map<String, String> fresh) {
    String want = fresh == null ? null : fresh.get(StatsSetupConst.COLUMN_STATS_ACCURATE);
    if (replayed == null || java.util.Objects.equals(replayed.get(StatsSetupConst.COLUMN_STATS_ACCURATE), want)) {
      return false;
    }
    if (want == null) {
      replayed.remove(StatsSetupConst.COLUMN_STATS_ACCURATE);
    } else {
      replayed.put(StatsSetupConst.COLUMN_STATS_ACCURATE, want);
    }
    return true;
  }

  @Override
  public MetadataReport verify(MetastorePlan plan, Cut cut, MetadataReport replicated) {
    HivePlan p = (HivePlan) plan;
    if (p.scope().isEmpty()) {
      return replicated;
    }
    HiveImage expected = written != null ? written : images.read(p.group(), cut.id()).orElseThrow(
        () -> new TandemException("No metastore image of cut " + cut.id() + " on " + secondary.id()));
    List<String> mismatches = new ArrayList<>();
    Set<String> keys;
    try (HmsClient client = secondaryClient()) {
      keys = new TreeSet<>(new SecondaryWriter(client).tablesInScope(p.scope()));
    }
    keys.addAll(expected.tables().keySet());
    HiveImage actual = new HiveImage(-1);
    for (HiveImage chunk : HmsParallel.run(secondary.metastoreUri(), new ArrayList<>(keys),
        (client, batch) -> new SecondaryWriter(client).read(batch))) {
      actual.tables().putAll(chunk.tables());
    }
    mismatches.addAll(MetastoreDigest.compare(expected, actual));
    missingFiles(expected, mismatches);
    return replicated.verified(expected.tables().size(), expected.partitionCount(), MetastoreDigest.of(expected),
        mismatches.size() > 20 ? mismatches.subList(0, 20) : mismatches);
  }

  /**
   * Tables and partitions whose directory is not in the secondary's copy of the cut, found by listing each
   * parent directory once rather than asking for every location.
   */
  private void missingFiles(HiveImage expected, List<String> mismatches) {
    Map<String, Map<String, String>> byParent = new java.util.HashMap<>();
    for (Map.Entry<String, HiveImage.TableImage> e : expected.tables().entrySet()) {
      expect(byParent, e.getKey(), HiveObjects.location(e.getValue().table()));
      for (Map.Entry<String, Partition> part : e.getValue().partitions().entrySet()) {
        expect(byParent, e.getKey() + "/" + part.getKey(), HiveObjects.location(part.getValue()));
      }
    }
    for (Map.Entry<String, Map<String, String>> e : new java.util.TreeMap<>(byParent).entrySet()) {
      Set<String> present = new java.util.HashSet<>();
      try {
        Path parent = new Path(e.getKey());
        if (secondaryFs.exists(parent)) {
          for (org.apache.hadoop.fs.FileStatus st : secondaryFs.listStatus(parent)) {
            if (st.isDirectory()) {
              present.add(st.getPath().getName());
            }
          }
        }
      } catch (IOException ex) {
        throw new TandemException("Cannot list " + e.getKey() + " on " + secondary.id() + ": " + ex.getMessage(), ex);
      }
      for (Map.Entry<String, String> child : e.getValue().entrySet()) {
        if (!present.contains(child.getKey()) && mismatches.size() < 20) {
          mismatches.add("directory of " + child.getValue() + " missing on secondary: " + e.getKey() + "/"
              + child.getKey());
        }
      }
    }
  }

  private static void expect(Map<String, Map<String, String>> byParent, String what, String location) {
    if (location != null) {
      Path p = new Path(location);
      byParent.computeIfAbsent(p.getParent().toString(), k -> new java.util.TreeMap<>()).put(p.getName(), what);
    }
  }
}
