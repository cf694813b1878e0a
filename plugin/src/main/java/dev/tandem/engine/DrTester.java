package dev.tandem.engine;

import dev.tandem.engine.DrTestPlanner.DatabasePlan;
import dev.tandem.engine.DrTestPlanner.PathPlan;
import dev.tandem.engine.DrTestPlanner.Plan;
import dev.tandem.engine.DrTestPlanner.Skipped;
import dev.tandem.engine.DrTestPlanner.TablePlan;
import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DataSet;
import dev.tandem.model.DrTest;
import dev.tandem.model.DrTestReport;
import dev.tandem.model.DrTestReport.Check;
import dev.tandem.model.DrTestReport.Comparison;
import dev.tandem.model.DrTestReport.ExposedPath;
import dev.tandem.model.DrTestReport.ExposedTable;
import dev.tandem.model.DrTestReport.Usage;
import dev.tandem.model.DrTestRequest;
import dev.tandem.model.DrTestStopReport;
import dev.tandem.model.GroupName;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.Paths;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.RestoreRequest.HiveName;
import dev.tandem.model.Site;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A DR test without failover (issue 21 C): exposes a kept cut on the group's secondary, read-only, for applications
 * to test against while the primary keeps serving, says what was checked, and cleans up at the end.
 *
 * <p>Start plans ({@link DrTestPlanner}), refuses a second test of the group and any target database that is not
 * this group's test database (nothing is written before these checks), records the test in the secondary's
 * registry (from then on {@link Retention} keeps the cut on both sites), creates the marked test databases and
 * their external tables over the cut's snapshot paths, then counts files and bytes of everything exposed on the
 * secondary and on the primary's snapshot of the same cut. A start that fails after the record undoes what it
 * created; one that could not undo leaves the record, so that {@link #stop} finishes the job.
 *
 * <p>Stop drops only databases that carry the group's marker, cascading and never deleting a file, then removes
 * the record, which releases the cut. Like a restore, neither takes the group's run lock: runs keep going, and
 * they neither read nor write the test databases or the snapshot paths.
 */
final class DrTester {
  private static final Usage NOTHING = new Usage(0, 0, Comparison.NOT_ON_PRIMARY, -1, -1);

  private final SiteConnections connections;
  private final Clock clock;

  DrTester(SiteConnections connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  DrTest start(ProtectionGroup group, Site primary, Site secondary, DrTestRequest rq, String user) {
    Registry registry = connections.open(secondary).registry();
    Optional<DrTest> active = registry.drTest(group.name());
    if (active.isPresent()) {
      throw new ConflictException("A DR test of group " + group.name() + " is active on " + secondary.id()
          + " (cut " + active.get().cut() + ", started " + active.get().startedAt() + " by "
          + active.get().startedBy() + "); stop it first (tandem drtest stop " + group.name() + ")");
    }
    CutId id = rq.cut().or(() -> registry.lastGoodCut(group.name())).orElseThrow(() -> new NotFoundException(
        "Group " + group.name() + " has no kept cut yet: a DR test needs a committed run"));
    Cut cut = Restorer.keptCut(group, registry, id);
    RestoreFiles files = connections.restoreFiles(secondary);
    boolean hive = group.dataSets().stream().anyMatch(d -> d.component() == DataSet.Component.HIVE);
    Optional<RestoreTables> tables = hive ? connections.restoreTables(secondary, secondary) : Optional.empty();
    Optional<List<TableAtCut>> image = hive ? tables.flatMap(t -> t.tablesAtCut(group.name(), cut.id()))
        : Optional.of(List.of());
    Plan plan = DrTestPlanner.plan(cut, group, rq, image.orElse(List.of()), p -> files.stat(p).isPresent());

    List<String> stale = new ArrayList<>();
    for (String db : plan.databaseNames()) {
      Optional<Map<String, String>> params = tables.orElseThrow().databaseParameters(db);
      if (params.isPresent()) {
        if (!marked(params.get(), group.name())) {
          throw new ConflictException("Database " + db + " exists on " + secondary.id() + " and is not a DR test "
              + "database of group " + group.name() + " (no " + DrTest.GROUP_MARKER + "=" + group.name()
              + "): choose another databaseSuffix, or drop or rename that database");
        }
        stale.add(db);
      }
    }

    DrTest record = new DrTest(group.name(), cut.id(), secondary.id(), clock.instant(), user, rq.databaseSuffix(),
        plan.databaseNames(), null);
    registry.createDrTest(record);
    List<String> created = new ArrayList<>();
    try {
      // A run's retention may have dropped the cut after it was read above: from the record on it is held.
      if (registry.cut(group.name(), cut.id()).isEmpty()) {
        throw new NotFoundException("Cut " + cut.id() + " of group " + group.name() + " was dropped by retention "
            + "while the DR test started; start it on a newer cut");
      }
      DrTestReport report = expose(group, cut, primary, secondary, registry, plan, files, tables, image, hive,
          stale, created);
      DrTest done = record.withReport(report);
      registry.putDrTest(done);
      return done;
    } catch (RuntimeException e) {
      undo(record, registry, tables, created, e);
      throw e;
    }
  }

  Optional<DrTest> status(ProtectionGroup group, Site secondary) {
    return connections.open(secondary).registry().drTest(group.name());
  }

  DrTestStopReport stop(ProtectionGroup group, Site secondary) {
    Registry registry = connections.open(secondary).registry();
    DrTest test = registry.drTest(group.name()).orElseThrow(() -> new NotFoundException("No DR test of group "
        + group.name() + " is active on " + secondary.id()));
    List<String> dropped = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long tables = 0;
    if (!test.databases().isEmpty()) {
      RestoreTables hms = connections.restoreTables(secondary, secondary).orElseThrow(() -> new TandemException(
          "Site " + secondary.id() + " has no Hive metastore configured: test databases " + test.databases()
              + " cannot be dropped"));
      for (String db : test.databases()) {
        Optional<Map<String, String>> params = hms.databaseParameters(db);
        if (params.isEmpty()) {
          notes.add("Test database " + db + " was gone already");
        } else if (!marked(params.get(), group.name())) {
          notes.add("Database " + db + " was left alone: it does not carry " + DrTest.GROUP_MARKER + "="
              + group.name());
        } else {
          tables += hms.dropDatabase(db);
          dropped.add(db);
        }
      }
    }
    registry.deleteDrTest(group.name());
    notes.add("Cut " + test.cut() + " is no longer held for the DR test: the next run drops it if it is beyond the "
        + "group's retention of " + group.retention());
    return new DrTestStopReport(group.name(), test.cut(), dropped, tables, true, notes);
  }

  static boolean marked(Map<String, String> parameters, GroupName group) {
    return group.value().equals(parameters.get(DrTest.GROUP_MARKER));
  }

  private DrTestReport expose(ProtectionGroup group, Cut cut, Site primary, Site secondary, Registry registry,
      Plan plan, RestoreFiles files, Optional<RestoreTables> tables, Optional<List<TableAtCut>> image, boolean hive,
      List<String> stale, List<String> created) {
    List<Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Counter counter = new Counter(files, new PrimaryFiles(primary), checks, notes, secondary, primary);

    checks.add(new Check("Cut " + cut.id() + " kept on " + secondary.id(), true, "taken " + cut.takenAt()
        + "; last good cut " + registry.lastGoodCut(group.name()).map(CutId::value).orElse("none")));
    for (SnapshotRoot root : cut.roots()) {
      String snap = Paths.join(root.path(), ".snapshot/" + cut.snapshotName());
      boolean there = files.stat(snap).isPresent();
      checks.add(new Check("Snapshot " + snap + " on " + secondary.id(), there, there ? "present"
          : "missing: the secondary does not hold this part of the cut"));
    }
    if (hive) {
      checks.add(new Check("Metastore image of cut " + cut.id() + " on " + secondary.id(), image.isPresent(),
          image.map(i -> i.size() + " table(s) and view(s)").orElse(tables.isEmpty()
              ? "the site has no Hive metastore configured: the cut's Hive tables cannot be exposed"
              : "missing: the cut's Hive tables cannot be exposed")));
    }

    List<ExposedPath> paths = new ArrayList<>();
    for (PathPlan p : plan.paths()) {
      if (p.snapshotPath().isEmpty()) {
        notes.add("HDFS data set " + p.path() + " is not in cut " + cut.id() + " (the group gained it later)");
        paths.add(new ExposedPath(p.path(), "", false, NOTHING));
        continue;
      }
      String snap = p.snapshotPath().get();
      String what = "HDFS data set " + p.path();
      checks.add(new Check(what + " exposed", p.exists(), p.exists() ? "read-only at " + snap
          : snap + " is missing on " + secondary.id()));
      paths.add(new ExposedPath(p.path(), snap, p.exists(), p.exists() ? counter.usage(what, List.of(snap))
          : NOTHING));
    }

    List<ExposedTable> exposed = new ArrayList<>();
    if (!plan.tables().isEmpty()) {
      RestoreTables hms = tables.orElseThrow();
      for (String db : stale) {
        long n = hms.dropDatabase(db);
        notes.add("Dropped test database " + db + " (" + n + " table(s)) left by an earlier DR test of group "
            + group.name() + ", to create it again for cut " + cut.id());
      }
      for (DatabasePlan d : plan.databases()) {
        hms.createDatabase(d.name(), d.location(), "DR test of group " + group.name() + ": database " + d.source()
            + " as of cut " + cut.id() + ", read-only", Map.of(DrTest.GROUP_MARKER, group.name().value(),
            DrTest.CUT_MARKER, cut.id().value(), DrTest.SOURCE_MARKER, d.source()));
        created.add(d.name());
      }
      List<String> withoutGrants = new ArrayList<>();
      long grantChanges = 0;
      for (TablePlan t : plan.tables()) {
        ExposedTable e = exposeTable(group, cut, hms, t, checks, counter);
        exposed.add(e);
        if (!e.test().isEmpty()) {
          try {
            grantChanges += connections.open(secondary).userData().restoreTableGrants(group.name(), cut.id(),
                new HiveName(t.write().sourceDatabase(), t.write().sourceTable()), secondary.id(),
                new HiveName(t.write().targetDatabase(), t.write().targetTable()), ApplyMode.APPLY).size();
          } catch (PeerUnavailableException ex) {
            throw ex;
          } catch (TandemException ex) {
            withoutGrants.add(e.test() + " (" + ex.getMessage() + ")");
          }
        }
      }
      // Applications test with their own identities: the test tables carry the source tables' grants of the cut.
      if (grantChanges > 0) {
        notes.add("Test tables carry their source tables' Hive grants of cut " + cut.id() + " (" + grantChanges
            + " grant(s) and role(s) made)");
      }
      if (!withoutGrants.isEmpty()) {
        notes.add("Hive grants of the cut not applied to " + String.join(", ", withoutGrants));
      }
    }
    for (Skipped s : plan.skipped()) {
      if (s.failed()) {
        checks.add(new Check("Table " + s.sourceName() + " exposed", false, "not exposed: " + s.reason()));
      } else {
        notes.add("Table " + s.sourceName() + " not exposed: " + s.reason());
      }
      exposed.add(new ExposedTable(s.sourceName(), "", "", 0, s.directories().size(), s.missing().size(),
          named(s.missing()), NOTHING));
    }
    exposed.sort(java.util.Comparator.comparing(ExposedTable::source));
    if (!plan.tables().isEmpty()) {
      notes.add("Test databases " + String.join(", ", plan.databaseNames()) + " on " + secondary.id()
          + "'s metastore: external tables over the cut's read-only snapshot, dropped by tandem drtest stop "
          + group.name());
    }
    return new DrTestReport(cut.id(), cut.takenAt(), secondary.id(), primary.id(), paths, exposed, checks, notes,
        clock.instant());
  }

  private ExposedTable exposeTable(ProtectionGroup group, Cut cut, RestoreTables hms, TablePlan t,
      List<Check> checks, Counter counter) {
    boolean ok;
    String detail;
    Set<String> expected = new TreeSet<>(t.write().partitions());
    try {
      hms.writeExternal(group.name(), cut.id(), t.write());
      Optional<Set<String>> now = hms.partitionsNow(t.write().targetDatabase(), t.write().targetTable());
      ok = now.isPresent() && (!t.source().partitioned() || now.get().equals(expected));
      detail = now.isEmpty() ? "the test table is not in the metastore after it was written"
          : ok ? "external table at " + t.location() + (t.source().partitioned() ? " with " + expected.size()
              + " of the cut's " + t.source().partitions().size() + " partition(s)" : "")
          : "the test table has partitions " + now.get() + ", expected " + expected;
    } catch (PeerUnavailableException e) {
      throw e; // the metastore is gone: the start fails and undoes what it created
    } catch (TandemException e) {
      ok = false;
      detail = e.getMessage();
    }
    checks.add(new Check("Table " + t.sourceName() + " exposed as " + t.testName(), ok, detail));
    checks.add(new Check("Directories of table " + t.sourceName() + " in the cut's snapshot", t.missing().isEmpty(),
        t.missing().isEmpty() ? t.directories().size() + " present"
            : t.missing().size() + " of " + t.directories().size() + " missing (their partitions are left out): "
                + String.join(", ", named(t.missing()))));
    Usage usage = counter.usage("Table " + t.sourceName(), t.top());
    return new ExposedTable(t.sourceName(), ok ? t.testName() : "", ok ? t.location() : "",
        ok ? expected.size() : 0, t.directories().size(), t.missing().size(), named(t.missing()), usage);
  }

  private static List<String> named(List<String> missing) {
    return missing.subList(0, Math.min(missing.size(), DrTestReport.MAX_MISSING_NAMED));
  }

  /** Undoes a start that failed after its record: the databases it created, then the record (the hold). */
  private static void undo(DrTest record, Registry registry, Optional<RestoreTables> tables, List<String> created,
      RuntimeException cause) {
    try {
      for (String db : created) {
        tables.orElseThrow().dropDatabase(db);
      }
      registry.deleteDrTest(record.group());
    } catch (RuntimeException e) {
      cause.addSuppressed(new TandemException("The failed DR test start of group " + record.group()
          + " could not undo itself (" + e.getMessage() + "); tandem drtest stop " + record.group()
          + " removes what it left", e));
    }
  }

  /** The primary's files, opened on first use; once unreadable, not asked again in this start. */
  private final class PrimaryFiles {
    private final Site site;
    private RestoreFiles files;
    private String failure;

    PrimaryFiles(Site site) {
      this.site = site;
    }

    /** The summary at the primary's path; empty: no such path. Throws PeerUnavailableException when unreadable. */
    Optional<RestoreFiles.Summary> summary(String path) {
      if (failure != null) {
        throw new PeerUnavailableException(failure, null);
      }
      try {
        if (files == null) {
          files = connections.restoreFiles(site);
        }
        return files.summary(path);
      } catch (RuntimeException e) {
        failure = "The primary " + site.id() + " could not be read: " + e.getMessage();
        throw new PeerUnavailableException(failure, e);
      }
    }
  }

  /** Counts a tree on the secondary and, where it still holds the same cut's snapshot, on the primary. */
  private record Counter(RestoreFiles secondaryFiles, PrimaryFiles primaryFiles, List<Check> checks,
      List<String> notes, Site secondary, Site primary) {
    Usage usage(String what, List<String> dirs) {
      long files = 0;
      long bytes = 0;
      for (String d : dirs) {
        Optional<RestoreFiles.Summary> s = secondaryFiles.summary(d);
        files += s.map(RestoreFiles.Summary::files).orElse(0L);
        bytes += s.map(RestoreFiles.Summary::bytes).orElse(0L);
      }
      long pFiles = 0;
      long pBytes = 0;
      try {
        for (String d : dirs) {
          Optional<RestoreFiles.Summary> s = primaryFiles.summary(d);
          if (s.isEmpty()) {
            notes.add(what + ": the primary " + primary.id() + " no longer holds " + d + ", not compared");
            return new Usage(files, bytes, Comparison.NOT_ON_PRIMARY, -1, -1);
          }
          pFiles += s.get().files();
          pBytes += s.get().bytes();
        }
      } catch (PeerUnavailableException e) {
        if (!notes.contains(e.getMessage())) {
          notes.add(e.getMessage());
        }
        return new Usage(files, bytes, Comparison.PRIMARY_UNAVAILABLE, -1, -1);
      }
      boolean equal = files == pFiles && bytes == pBytes;
      checks.add(new Check(what + ": file count and bytes equal on " + primary.id(), equal,
          secondary.id() + " " + files + " file(s), " + bytes + " byte(s)"
              + (equal ? "; the same on " + primary.id() : "; " + primary.id() + " " + pFiles + " file(s), " + pBytes
                  + " byte(s)")));
      return new Usage(files, bytes, equal ? Comparison.EQUAL : Comparison.DIFFERENT, pFiles, pBytes);
    }
  }
}
