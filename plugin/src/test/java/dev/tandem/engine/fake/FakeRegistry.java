package dev.tandem.engine.fake;

import dev.tandem.engine.GroupLock;
import dev.tandem.engine.Registry;
import dev.tandem.engine.WriterFence;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.GroupName;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.ScrubProgress;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A site's registry in memory, with {@code ZkRegistry}'s semantics where the engine relies on them: the last good
 * cut moves by compare-and-set ({@link ConflictException} when it is not the expected one, nothing when it already
 * is the new one), cuts are listed oldest first, runs newest first and pruned beyond a history.
 *
 * <p>Failures are injected as Iceberg's {@code TestTables.failCommits(n)} does: {@link #failMoves(int)} makes the
 * next compare-and-sets throw as if ZooKeeper were unreachable, and {@link #beforeNextMove(Runnable)} lets a rival
 * commit land first.
 */
public final class FakeRegistry implements Registry {
  private final String label;
  private final int runHistory;
  private final Map<SiteId, Site> sites = new LinkedHashMap<>();
  private final Set<ClusterPair> pairs = new LinkedHashSet<>();
  private final Map<GroupName, ProtectionGroup> groups = new LinkedHashMap<>();
  private final Map<GroupName, TreeMap<CutId, Cut>> cuts = new HashMap<>();
  private final Map<GroupName, CutId> lastGood = new HashMap<>();
  private final Map<GroupName, TreeMap<String, Run>> runs = new HashMap<>();
  private final Map<GroupName, ScrubProgress> scrub = new HashMap<>();
  private final Map<GroupName, DrTest> drTests = new HashMap<>();
  private final Map<GroupName, FakeGroupLock> locks = new HashMap<>();
  private final Map<GroupName, FakeWriterFence> fences = new HashMap<>();
  private int moveFailures;
  private Runnable beforeMove;

  public FakeRegistry(String label) {
    this(label, 50);
  }

  public FakeRegistry(String label, int runHistory) {
    this.label = label;
    this.runHistory = runHistory;
  }

  /** The next {@code n} moves of a last good cut throw before changing anything. */
  public synchronized FakeRegistry failMoves(int n) {
    moveFailures = n;
    return this;
  }

  /** Runs {@code action} once, at the start of the next move of a last good cut: another run's commit. */
  public synchronized FakeRegistry beforeNextMove(Runnable action) {
    beforeMove = action;
    return this;
  }

  public synchronized FakeGroupLock groupLock(GroupName group) {
    return locks.computeIfAbsent(group, FakeGroupLock::new);
  }

  public synchronized FakeWriterFence writerFence(GroupName group) {
    return fences.computeIfAbsent(group, FakeWriterFence::new);
  }

  @Override
  public synchronized void putSite(Site site) {
    sites.put(site.id(), site);
  }

  @Override
  public synchronized Optional<Site> site(SiteId id) {
    return Optional.ofNullable(sites.get(id));
  }

  @Override
  public synchronized List<Site> sites() {
    return List.copyOf(sites.values());
  }

  @Override
  public synchronized void deleteSite(SiteId id) {
    sites.remove(id);
  }

  @Override
  public synchronized void putPair(ClusterPair pair) {
    pairs.add(pair);
  }

  @Override
  public synchronized void deletePair(ClusterPair pair) {
    pairs.remove(pair);
  }

  @Override
  public synchronized List<ClusterPair> pairs() {
    return List.copyOf(pairs);
  }

  @Override
  public synchronized void putGroup(ProtectionGroup group) {
    groups.put(group.name(), group);
  }

  @Override
  public synchronized Optional<ProtectionGroup> group(GroupName name) {
    return Optional.ofNullable(groups.get(name));
  }

  @Override
  public synchronized List<ProtectionGroup> groups() {
    return List.copyOf(groups.values());
  }

  @Override
  public synchronized void deleteGroup(GroupName name) {
    groups.remove(name);
  }

  @Override
  public synchronized void putCut(Cut cut) {
    cuts.computeIfAbsent(cut.group(), g -> new TreeMap<>()).put(cut.id(), cut);
  }

  @Override
  public synchronized Optional<Cut> cut(GroupName group, CutId id) {
    return Optional.ofNullable(cuts.getOrDefault(group, new TreeMap<>()).get(id));
  }

  @Override
  public synchronized List<Cut> cuts(GroupName group) {
    return List.copyOf(cuts.getOrDefault(group, new TreeMap<>()).values());
  }

  @Override
  public synchronized void deleteCut(GroupName group, CutId id) {
    TreeMap<CutId, Cut> of = cuts.get(group);
    if (of != null) {
      of.remove(id);
    }
  }

  @Override
  public synchronized Optional<CutId> lastGoodCut(GroupName group) {
    return Optional.ofNullable(lastGood.get(group));
  }

  @Override
  public void moveLastGoodCut(GroupName group, Optional<CutId> expected, CutId next) {
    Runnable rival;
    synchronized (this) {
      rival = beforeMove;
      beforeMove = null;
    }
    if (rival != null) {
      rival.run();
    }
    synchronized (this) {
      if (moveFailures > 0) {
        moveFailures--;
        throw new TandemException("Registry " + label + " unavailable: move last good cut of " + group
            + " (injected)");
      }
      Optional<CutId> current = Optional.ofNullable(lastGood.get(group));
      if (current.equals(Optional.of(next))) {
        return; // a retried commit that already landed
      }
      if (!current.equals(expected)) {
        throw new ConflictException("Last good cut of group " + group + " on " + label + " is "
            + current.map(CutId::value).orElse("none") + ", expected " + expected.map(CutId::value).orElse("none"));
      }
      lastGood.put(group, next);
    }
  }

  @Override
  public synchronized void putRun(Run run) {
    TreeMap<String, Run> of = runs.computeIfAbsent(run.group(), g -> new TreeMap<>());
    of.put(run.id(), run);
    while (of.size() > runHistory) {
      of.pollFirstEntry();
    }
  }

  @Override
  public synchronized Optional<Run> run(GroupName group, String runId) {
    return Optional.ofNullable(runs.getOrDefault(group, new TreeMap<>()).get(runId));
  }

  @Override
  public synchronized List<Run> runs(GroupName group, int limit) {
    List<Run> out = new ArrayList<>(runs.getOrDefault(group, new TreeMap<>()).values());
    out.sort(Comparator.comparing(Run::id).reversed());
    return List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  @Override
  public synchronized ScrubProgress scrubProgress(GroupName group) {
    return scrub.getOrDefault(group, ScrubProgress.NONE);
  }

  @Override
  public synchronized void putScrubProgress(GroupName group, ScrubProgress progress) {
    scrub.put(group, progress);
  }

  @Override
  public synchronized Optional<DrTest> drTest(GroupName group) {
    return Optional.ofNullable(drTests.get(group));
  }

  @Override
  public synchronized void createDrTest(DrTest test) {
    if (!groups.containsKey(test.group())) {
      throw new NotFoundException("Group " + test.group() + " is not in the registry of " + label);
    }
    DrTest active = drTests.get(test.group());
    if (active != null) {
      throw new ConflictException("A DR test of group " + test.group() + " is active on " + label + " (cut "
          + active.cut() + "); stop it first");
    }
    drTests.put(test.group(), test);
  }

  @Override
  public synchronized void putDrTest(DrTest test) {
    drTests.put(test.group(), test);
  }

  @Override
  public synchronized void deleteDrTest(GroupName group) {
    drTests.remove(group);
  }

  @Override
  public GroupLock lock(GroupName group) {
    return groupLock(group);
  }

  @Override
  public WriterFence fence(GroupName group) {
    return writerFence(group);
  }

  @Override
  public WriterFence.Writers writers(GroupName group) {
    return writerFence(group);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FakeRegistry[" + label + "]";
  }
}
