package dev.tandem.engine;

import dev.tandem.model.CopyMode;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.MetadataReport;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.OpenFileCapture;
import dev.tandem.model.OpenFiles;
import dev.tandem.model.Progress;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunReport;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.model.ScrubProgress;
import dev.tandem.model.ScrubReport;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.StepTiming;
import dev.tandem.model.TandemException;
import dev.tandem.model.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run starts: one cut of a group, replicated, verified and committed on the secondary. The last good
 * cut moves only when everything before it succeeded; a failure anywhere leaves it where it was and the next
 * run's {@link RunStep#RECOVER} step repairs whatever was half done.
 */
public final class RunCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(RunCoordinator.class);

  private final SiteHandle primary;
  private final SiteHandle secondary;
  private final FileReplicator replicator;
  private final MetastoreReplicator metastore;
  private final Clock clock;
  private final RunOptions options;
  private final StepInterceptor interceptor;
  private final RunListener listener;
  private final ScrubsAhead ahead;

  public RunCoordinator(SiteHandle primary, SiteHandle secondary, FileReplicator replicator,
      MetastoreReplicator metastore, Clock clock, RunOptions options, StepInterceptor interceptor,
      RunListener listener) {
    this(primary, secondary, replicator, metastore, clock, options, interceptor, listener, ScrubsAhead.disabled());
  }

  /** @param ahead where a committed run leaves the next run's scrub comparison, started at once */
  public RunCoordinator(SiteHandle primary, SiteHandle secondary, FileReplicator replicator,
      MetastoreReplicator metastore, Clock clock, RunOptions options, StepInterceptor interceptor,
      RunListener listener, ScrubsAhead ahead) {
    this.ahead = ahead;
    this.primary = primary;
    this.secondary = secondary;
    this.replicator = replicator;
    this.metastore = metastore;
    this.clock = clock;
    this.options = options;
    this.interceptor = interceptor;
    this.listener = listener;
  }

  /** Runs the group once. Never throws for a failed run: the returned run says what failed. */
  public Run run(GroupName name) {
    return run(name, null);
  }

  /** @param requestedBy who asked for the run, kept with its record (null: not known) */
  public Run run(GroupName name, String requestedBy) {
    ProtectionGroup group = primary.registry().group(name)
        .orElseThrow(() -> new NotFoundException("Unknown protection group '" + name + "'"));
    return new Execution(group, requestedBy).execute();
  }

  /** One run's mutable state, confined to the run's thread. */
  private final class Execution {
    private final ProtectionGroup group;
    private final Instant startedAt = clock.instant();
    private final String runId = Run.newId(startedAt);
    private final List<StepTiming> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private CutId cutId;
    private CopyMode mode = CopyMode.FULL;
    private CopyOutcome copied = CopyOutcome.NOTHING;
    private Duration window = Duration.ZERO;
    private Verification verification;
    private MetastorePlan catalog = MetastorePlan.EMPTY;
    private MetadataReport metadata = MetadataReport.NONE;
    /** The cut as it commits: with the open files VERIFY found. */
    private Cut committed;
    /** The run lock while it is held: every later step starts only if it still is. */
    private GroupLock.Held lock;
    private ScrubReport scrub = ScrubReport.NONE;
    private ScrubProgress sweep;
    /** The scrub's comparison while it runs beside REPLICATE; null when the scrub is off. */
    private BackgroundScrub scrubbing;
    /** Where {@link #scrubbing} was started between runs: the same comparison, made again if that one failed. */
    private Supplier<Scrubber.Findings> compareAgain;
    /** Per incremental root, its diff from the last good cut: the scrub's repair reads it. */
    private final Map<String, TreeDiff> diffs = new HashMap<>();
    private TableScrub tables;

    private final String requestedBy;

    Execution(ProtectionGroup group, String requestedBy) {
      this.group = group;
      this.requestedBy = requestedBy;
    }

    Run execute() {
      publish(RunState.RUNNING, null);
      try {
        step(RunStep.SYNC_CONFIG, this::syncConfig);
        try (GroupLock.Held held = step(RunStep.LOCK,
            () -> primary.registry().lock(group.name()).acquire(options.lockWait()))) {
          lock = held;
          List<SnapshotRoot> roots = step(RunStep.PLAN, this::plan);
          Optional<Cut> last = step(RunStep.RECOVER, () -> recover(roots));
          Cut cut = step(RunStep.CUT, () -> takeCut(roots));
          Map<String, ChecksumSelection> checksums = step(RunStep.REPLICATE, () -> replicate(cut, last));
          step(RunStep.REPLICATE_METADATA, () -> {
            metadata = metastore.replicate(catalog, cut, last, notes);
            scrubTables();
          });
          step(RunStep.SEAL, () -> {
            finishScrub(cut, checksums);
            seal(cut);
          });
          step(RunStep.VERIFY, () -> verify(cut, last, checksums));
          step(RunStep.USER_DATA, () -> backUpUserData(cut, last));
          step(RunStep.COMMIT, () -> commit(cut, last));
          keepSweep();
          retain();
          scrubAhead();
        }
        noteScrubShare();
        Run done = publish(RunState.SUCCEEDED, null);
        LOG.info("Run {} of group {} committed cut {}: {} {} file(s), {} byte(s) in {} ms{}", runId, group.name(),
            cutId, mode, copied.filesCopied(), copied.bytesCopied(),
            Duration.between(startedAt, done.endedAt()).toMillis(), notes.isEmpty() ? "" : "; " + notes);
        return done;
      } catch (RuntimeException e) {
        LOG.warn("Run {} of group {} failed: {}", runId, group.name(), e.getMessage());
        LOG.debug("Run failure detail", e);
        return publish(RunState.FAILED, message(e));
      } finally {
        if (scrubbing != null) {
          scrubbing.close();
        }
      }
    }

    /** Housekeeping after the commit: a failure here is reported, not fatal; the next run tries again. */
    private void retain() {
      try {
        step(RunStep.RETAIN, () -> {
          Retention retention = new Retention(primary, secondary);
          retention.apply(group.name(), group.retention(), notes::add);
          Optional<CutId> lastGood = secondary.registry().lastGoodCut(group.name());
          metastore.retainImages(group.name(), secondary.registry().cuts(group.name()).stream().map(Cut::id)
              .filter(c -> lastGood.isPresent() && c.compareTo(lastGood.get()) <= 0).toList());
          List<String> expired = retention.expireDrift(group.name(), options.driftSnapshotRetention(),
              clock.instant());
          if (!expired.isEmpty()) {
            notes.add("Deleted " + expired.size() + " drift snapshot(s) older than "
                + options.driftSnapshotRetention() + ": " + String.join(", ", expired));
          }
        });
      } catch (RuntimeException e) {
        notes.add("Retention not applied, the next run tries again: " + message(e));
      }
    }

    private void syncConfig() {
      for (SiteHandle site : List.of(primary, secondary)) {
        site.registry().putSite(primary.site());
        site.registry().putSite(secondary.site());
        site.registry().putPair(group.pair());
        site.registry().putGroup(group);
      }
    }

    /** Metastore objects first: their locations join the group's directories in the snapshot roots. */
    private List<SnapshotRoot> plan() {
      catalog = metastore.plan(group, secondary.registry().lastGoodCut(group.name()), tableSweep());
      return new CutPlanner(primary.files()).plan(group, catalog.locations());
    }

    private Optional<Cut> recover(List<SnapshotRoot> roots) {
      Optional<Cut> last = new RunRecovery(primary, secondary, replicator, clock).recover(group.name(), roots, notes);
      metastore.recover(catalog, last, notes);
      return last;
    }

    private Cut takeCut(List<SnapshotRoot> roots) {
      CutTaker.MetastoreCut metadata = metastore.cut(catalog);
      Cut cut = new CutTaker(primary.files(), clock, options.drainTimeout())
          .take(group, roots, primary.registry().fence(group.name()), metadata);
      metadata.unfenced().ifPresent(notes::add);
      cutId = cut.id();
      window = cut.consistencyWindow();
      primary.registry().putCut(cut);
      return cut;
    }

    private Map<String, ChecksumSelection> replicate(Cut cut, Optional<Cut> last) {
      Map<String, ChecksumSelection> checksums = new HashMap<>();
      ProgressListener progress = p -> listener.onProgress(snapshot(RunState.RUNNING, null), p);
      boolean anyFull = false;
      Map<String, String> froms = commonSnapshots(cut, last);
      startScrub(cut, last, froms.keySet());
      for (SnapshotRoot root : cut.roots()) {
        Optional<String> from = Optional.ofNullable(froms.get(root.path()));
        CopyOutcome outcome;
        // Files still being written where snapshots do not freeze them: always copied by name, never in bulk.
        Set<String> growing = cut.openFiles().capture().frozen() ? Set.of()
            : new TreeSet<>(cut.openFiles().under(root.path()));
        if (from.isPresent()) {
          TreeDiff diff = primary.files().diff(root.path(), from.get(), cut.snapshotName()).within(Scope.of(root));
          diffs.put(root.path(), diff);
          outcome = diff.isEmpty() ? CopyOutcome.NOTHING
              : replicator.copyDiff(root, from.get(), cut.snapshotName(), diff, growing, progress);
          Set<String> recheck = recheck(root, last.get(), growing, diff);
          if (!recheck.isEmpty()) {
            outcome = outcome.plus(replicator.copyFiles(root, cut.snapshotName(), recheck, progress));
          }
          checksums.put(root.path(), options.verifyAllChecksums() ? ChecksumSelection.everything()
              : diff.touchedPaths().union(new ChecksumSelection(false, recheck, Set.of())));
        } else {
          anyFull = true;
          if (last.isPresent()) {
            notes.add("Full copy of " + root.path() + ": no common cut with the secondary for this root"
                + (last.get().roots().contains(root) ? " (its snapshot of cut " + last.get().id() + " is missing)"
                : " (new in this group)"));
          }
          secondary.files().mkdirs(root.path());
          secondary.files().allowSnapshot(root.path());
          outcome = replicator.copyFull(root, cut.snapshotName(), growing, progress);
          if (!growing.isEmpty()) {
            outcome = outcome.plus(replicator.copyFiles(root, cut.snapshotName(), growing, progress));
          }
          checksums.put(root.path(), ChecksumSelection.everything());
        }
        copied = copied.plus(outcome);
      }
      mode = anyFull ? CopyMode.FULL : CopyMode.INCREMENTAL;
      return checksums;
    }

    /** Per root, the last good cut's snapshot where both sites still hold it: those roots are copied by diff. */
    private Map<String, String> commonSnapshots(Cut cut, Optional<Cut> last) {
      Map<String, String> out = new HashMap<>();
      for (SnapshotRoot root : cut.roots()) {
        last.filter(l -> l.roots().contains(root))
            .map(Cut::snapshotName)
            .filter(s -> primary.files().hasSnapshot(root.path(), s) && secondary.files().hasSnapshot(root.path(), s))
            .ifPresent(s -> out.put(root.path(), s));
      }
      return out;
    }

    /**
     * The files no snapshot diff vouches for, in the cut's namespace: those open at the last good cut (see
     * {@link OpenFiles#pending()}; those the diff wrote anyway were copied with it, but a rename only moved them)
     * and those still being written at this cut where snapshots do not freeze them.
     */
    private Set<String> recheck(SnapshotRoot root, Cut last, Set<String> growing, TreeDiff diff) {
      Set<String> out = new TreeSet<>();
      if (last.openFiles().pending()) {
        last.openFiles().under(root.path()).forEach(p -> out.add(diff.inNewer(p)));
      }
      ChecksumSelection written = diff.writtenPaths();
      out.removeIf(written::wants);
      out.addAll(growing);
      return out;
    }

    /**
     * Starts the continuous verification beside the copy: a slice of every root copied by diff, compared between
     * both sites' snapshots of the last good cut (see {@link Scrubber}). Roots copied whole, or verified whole
     * anyway, only complete their pass.
     */
    private void startScrub(Cut cut, Optional<Cut> last, Set<String> incremental) {
      if (options.verifyFullInterval().isZero()) {
        return;
      }
      Set<String> whole = new HashSet<>();
      cut.roots().forEach(r -> whole.add(r.path()));
      if (!options.verifyAllChecksums()) {
        whole.removeAll(incremental);
      }
      String snapshot = last.map(Cut::snapshotName).orElse("");
      OpenFiles open = last.map(Cut::openFiles).orElse(OpenFiles.NONE);
      ScrubProgress before = primary.registry().scrubProgress(group.name());
      Supplier<ScrubsAhead.Key> key = () -> new ScrubsAhead.Key(snapshot, cut.roots(), group.schedule().periodicity(),
          before, whole.isEmpty() ? sealedAt(cut.roots(), snapshot) : Map.of());
      Scrubber scrubber = scrubber();
      Supplier<Scrubber.Findings> comparison = () -> scrubber.compare(cut.roots(), snapshot,
          group.schedule().periodicity(), before, whole, open);
      Optional<BackgroundScrub> adopted = ahead.take(group.name(), key);
      if (adopted.isPresent() && whole.isEmpty()) {
        scrubbing = adopted.get();
        compareAgain = comparison;
        return;
      }
      adopted.ifPresent(BackgroundScrub::close); // this run verifies some roots whole: its slices differ
      scrubbing = BackgroundScrub.start("tandem-scrub-" + group.name(), comparison);
    }

    /**
     * Once committed: the next run's comparison starts now, on the cut just committed and the sweep just kept, so
     * that it is done before that run needs it (see {@link ScrubsAhead}). Only when both were written: otherwise
     * the next run's key differs and it compares for itself.
     */
    private void scrubAhead() {
      if (sweep == null || committed == null || options.verifyFullInterval().isZero()) {
        return;
      }
      try {
        ScrubProgress kept = primary.registry().scrubProgress(group.name());
        Cut cut = committed;
        Duration periodicity = group.schedule().periodicity();
        Scrubber scrubber = scrubber();
        ahead.start(group.name(), new ScrubsAhead.Key(cut.snapshotName(), cut.roots(), periodicity, kept,
                sealedAt(cut.roots(), cut.snapshotName())),
            () -> scrubber.compare(cut.roots(), cut.snapshotName(), periodicity, kept, Set.of(), cut.openFiles(),
                true));
      } catch (RuntimeException e) {
        LOG.debug("No scrub ahead of the next run of group {}: {}", group.name(), message(e));
      }
    }

    /** Per site and root, when the snapshot was taken there: it names that very snapshot, not another since. */
    private Map<String, Long> sealedAt(List<SnapshotRoot> roots, String snapshot) {
      Map<String, Long> out = new HashMap<>();
      for (SiteHandle site : List.of(primary, secondary)) {
        for (SnapshotRoot root : roots) {
          out.put(site.site().id() + ":" + root.path(), site.files().snapshotTime(root.path(), snapshot));
        }
      }
      return out;
    }

    private Scrubber scrubber() {
      return new Scrubber(primary.manifests(), secondary.manifests(), options.verifyFullInterval(), clock);
    }

    /**
     * Before the seal: what the comparison found is copied again from the new cut and joins VERIFY's selection,
     * so the cut is still verified equal before it commits.
     */
    private void finishScrub(Cut cut, Map<String, ChecksumSelection> checksums) {
      if (scrubbing == null) {
        return;
      }
      long t0 = System.nanoTime();
      Scrubber.Findings findings;
      try {
        findings = scrubbing.await();
      } catch (RuntimeException e) {
        if (compareAgain == null) {
          throw e;
        }
        // What failed between runs (a NameNode failing over, say) is no reason to fail this run: compare now.
        notes.add("scrub: the comparison started between runs failed (" + message(e) + "); compared again");
        findings = compareAgain.get();
      }
      ProgressListener progress = p -> listener.onProgress(snapshot(RunState.RUNNING, null), p);
      Scrubber.Result result = scrubber().repair(findings, cut.roots(), diffs, cut.snapshotName(), replicator,
          progress, Duration.ofNanos(System.nanoTime() - t0));
      scrub = result.report();
      sweep = findings.progress();
      copied = copied.plus(result.copied());
      result.repaired().forEach((root, paths) -> checksums.merge(root,
          new ChecksumSelection(false, paths, Set.of()), ChecksumSelection::union));
      if (scrub.filesDiffered() > 0) {
        notes.add("scrub: " + scrub.filesDiffered() + " file(s) differed from the primary and were copied again: "
            + String.join("; ", scrub.differences())
            + (scrub.differences().size() < scrub.filesDiffered() ? "; ..." : ""));
      }
      if (tables != null && tables.next() != null) {
        scrub = scrub.withTables(tables.compared(), tables.differed(), tables.differences(),
            tables.next().lastPassCompletedAt());
        sweep = sweep.withTables(tables.next());
      }
    }

    /** The metastore's part of the scrub: a slice of the tables, or all of them with {@code verifyAll}. */
    private TableSweep tableSweep() {
      if (options.verifyFullInterval().isZero()) {
        return TableSweep.OFF;
      }
      return new TableSweep(primary.registry().scrubProgress(group.name()).tables(),
          new ScrubSlicer(options.verifyFullInterval(), group.schedule().periodicity()), options.verifyAllChecksums(),
          clock.instant());
    }

    /**
     * What the metastore's scrub compared, once REPLICATE_METADATA has written every table that differed (VERIFY
     * then checks them with the rest); it joins the files' report and sweep when their comparison is done.
     */
    private void scrubTables() {
      if (scrubbing == null) {
        return;
      }
      tables = metastore.tableScrub(catalog);
      if (tables.next() == null) {
        return;
      }
      if (tables.differed() > 0) {
        notes.add("scrub: " + tables.differed() + " Hive table(s) differed from the primary and were written to the "
            + "secondary again: " + String.join("; ", tables.differences())
            + (tables.differences().size() < tables.differed() ? "; ..." : ""));
      }
    }

    /** After the commit only: a run that fails must compare its slice again. Not fatal: the sweep just lags. */
    private void keepSweep() {
      if (sweep == null) {
        return;
      }
      try {
        primary.registry().putScrubProgress(group.name(), sweep);
      } catch (RuntimeException e) {
        notes.add("scrub: progress not recorded, the next run compares this slice again: " + message(e));
      }
    }

    private void noteScrubShare() {
      if (sweep == null) {
        return;
      }
      long runMs = Math.max(1, Duration.between(startedAt, clock.instant()).toMillis());
      long added = scrub.waited().toMillis();
      notes.add(String.format(java.util.Locale.ROOT, "scrub: %s%s in %d ms %s; it added %d ms, %.1f%% of"
          + " the run%s", scrub.wholeTree() ? "every file verified" : scrub.filesCompared() + " file(s) compared",
          scrub.tablesCompared() == 0 ? "" : ", " + scrub.tablesCompared() + " Hive table(s) compared",
          scrub.took().toMillis(), scrub.betweenRuns() ? "between runs" : "beside the copy", added, 100.0 * added / runMs, scrub.fullPassAt() == null ? ""
          : "; every file last compared by a pass completed " + scrub.fullPassAt()));
    }

    private void seal(Cut cut) {
      for (SnapshotRoot root : cut.roots()) {
        secondary.files().createSnapshot(root.path(), cut.snapshotName());
      }
    }

    /**
     * Whatever changed on either site since the last good cut, listed and checksummed on both: the primary's diff
     * says what was copied, the secondary's own diff catches whatever else changed there (a bad disk, a stray
     * writer). Everything else was verified equal at the last good cut, and the sealed snapshots of both sites
     * prove it stayed so, so an incremental run reads O(changes), not the whole tree. A root without the
     * secondary's snapshot of the last good cut, a full copy, and {@code verifyAllChecksums} list everything.
     */
    private void verify(Cut cut, Optional<Cut> last, Map<String, ChecksumSelection> checksums) {
      Set<String> regionOnly = new HashSet<>();
      if (last.isPresent() && !options.verifyAllChecksums()) {
        for (SnapshotRoot root : cut.roots()) {
          String prev = last.get().snapshotName();
          ChecksumSelection selected = checksums.get(root.path());
          if (selected != null && !selected.all() && secondary.files().hasSnapshot(root.path(), prev)) {
            TreeDiff onSecondary = secondary.files().diff(root.path(), prev, cut.snapshotName()).within(Scope.of(root));
            checksums.put(root.path(), selected.union(onSecondary.touchedPaths()));
            regionOnly.add(root.path());
          }
        }
      }
      Map<String, Long> snapshotTimes = new HashMap<>();
      if (!cut.openFiles().capture().frozen()) {
        for (SnapshotRoot root : cut.roots()) {
          snapshotTimes.put(root.path(), primary.files().snapshotTime(root.path(), cut.snapshotName()));
        }
      }
      verification = new CutVerifier(primary.manifests(), secondary.manifests())
          .verify(cut.roots(), cut.snapshotName(), checksums, regionOnly, cut.openFiles(), snapshotTimes);
      if (!verification.ok()) {
        throw new TandemException("Verification of cut " + cut.id() + " failed: " + verification.mismatches());
      }
      noteOpenFiles(cut);
      metadata = metastore.verify(catalog, cut, metadata);
      if (!metadata.ok()) {
        throw new TandemException("Verification of the metastore objects of cut " + cut.id() + " failed: "
            + metadata.mismatches());
      }
    }

    /**
     * Says what became of files open for write at the cut, and keeps with the cut every file the next run must
     * check again: those listed open and those VERIFY found still growing.
     */
    private void noteOpenFiles(Cut cut) {
      OpenFiles open = cut.openFiles();
      for (var e : verification.growing().byRoot().entrySet()) {
        open = open.plus(e.getKey(), e.getValue());
      }
      committed = cut.withOpenFiles(open);
      if (open.count() == 0) {
        return;
      }
      List<String> paths = open.absolute();
      String shown = String.join(", ", paths.subList(0, Math.min(paths.size(), 10)))
          + (paths.size() > 10 ? ", ..." : "");
      if (open.capture().frozen()) {
        notes.add(paths.size() + " file(s) open for write at the cut, copied at the length the primary's snapshot"
            + " froze: " + shown);
      } else {
        notes.add(paths.size() + " file(s) open for write at the cut on a NameNode whose snapshots do not freeze"
            + " open files (dfs.namenode.snapshot.capture.openfiles " + (open.capture() == OpenFileCapture.LIVE
            ? "is off" : "unknown") + "): the secondary holds an exact prefix of each, verified by checksum, and"
            + " every run copies and checks them again until they are closed: " + shown);
      }
    }

    /**
     * Only a verified cut gets user data, and no cut commits without it: the secondary's version of the
     * cut is written before the last good cut moves. A failure keeps the last good cut's version.
     */
    private void backUpUserData(Cut cut, Optional<Cut> last) {
      String kept = secondary.userData().backUp(group, cut, last.map(l -> new CutChanges(l, diffs)));
      if (!kept.isEmpty()) {
        notes.add(kept);
      }
    }

    private void commit(Cut verified, Optional<Cut> last) {
      Cut cut = committed == null ? verified : committed;
      // A run whose ZooKeeper session expired may have lost its lock to another server: it must not commit. The
      // compare-and-set below still guards the window between this check and the write.
      lock.confirm();
      Optional<CutId> expected = last.map(Cut::id);
      // The secondary is written first: it is the copy that matters when the primary is gone, and recovery
      // treats it as the truth when a crash separates the two writes.
      secondary.registry().putCut(cut);
      secondary.registry().moveLastGoodCut(group.name(), expected, cut.id());
      primary.registry().putCut(cut);
      primary.registry().moveLastGoodCut(group.name(), expected, cut.id());
    }

    private <T> T step(RunStep step, Supplier<T> body) {
      Instant at = clock.instant();
      long t0 = System.nanoTime();
      listener.onProgress(snapshot(RunState.RUNNING, null), Progress.of(step));
      try {
        if (lock != null) {
          lock.ensureHeld();
        }
        interceptor.before(group.name(), step);
        T result = body.get();
        try {
          interceptor.after(group.name(), step);
        } catch (RuntimeException e) {
          if (result instanceof GroupLock.Held held) {
            held.close(); // a step that fails after taking the lock must not keep it
          }
          throw e;
        }
        steps.add(new StepTiming(step, at, Duration.ofNanos(System.nanoTime() - t0), true, null));
        publish(RunState.RUNNING, null);
        return result;
      } catch (RuntimeException e) {
        steps.add(new StepTiming(step, at, Duration.ofNanos(System.nanoTime() - t0), false, message(e)));
        throw e;
      }
    }

    private void step(RunStep step, Runnable body) {
      step(step, () -> {
        body.run();
        return null;
      });
    }

    private Run snapshot(RunState state, String error) {
      RunReport report = new RunReport(mode, copied.method(), copied.filesCopied(), copied.bytesCopied(),
          copied.pathsDeleted(), copied.pathsRenamed(), window, verification, notes, metadata, scrub);
      return new Run(runId, group.name(), cutId, state, startedAt, state.finished() ? clock.instant() : null, steps,
          report, error, requestedBy);
    }

    private Run publish(RunState state, String error) {
      Run run = snapshot(state, error);
      try {
        primary.registry().putRun(run);
      } catch (RuntimeException e) {
        LOG.warn("Could not record run {} in the registry of {}: {}", runId, primary.site().id(), e.getMessage());
      }
      listener.onUpdate(run);
      return run;
    }
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

}
