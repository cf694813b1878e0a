package dev.tandem.engine;

import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.RestoreEntry;
import dev.tandem.model.RestoreReport;
import dev.tandem.model.RestoreRequest;
import dev.tandem.model.RestoreRequest.HiveName;
import dev.tandem.model.Site;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Brings a path or a table of a kept cut back onto one site of the group's pair: plans ({@link RestorePlanner}),
 * refuses existing targets unless the request confirms the overwrite, then copies the files from the cut's
 * snapshot on that site and writes the table's definition from the cut's metastore image. A dry run stops after
 * planning and lists what would be written. Validation and the overwrite check come before any write, so a
 * refused request changes nothing.
 *
 * <p>Runs without the group's run lock: it reads only snapshots and images, which runs never change, and writes
 * only the restore's targets. A restore on the secondary inside the group's data sets is drift to the next run,
 * which puts it back to the primary's state.
 */
final class Restorer {
  private final SiteConnections connections;

  Restorer(SiteConnections connections) {
    this.connections = connections;
  }

  /**
   * @param site the site restored to
   * @param imageSite the group's secondary, which keeps the metastore images of its cuts
   */
  RestoreReport restore(ProtectionGroup group, Site site, Site imageSite, RestoreRequest rq) {
    SiteHandle handle = connections.open(site);
    Cut cut = keptCut(group, handle.registry(), rq.cut());
    RestoreFiles files = connections.restoreFiles(site);
    Optional<RestoreTables> tables = rq.isTable() ? Optional.of(connections.restoreTables(site, imageSite)
        .orElseThrow(() -> new InvalidInputException("table", "Site " + site.id() + " or " + imageSite.id()
            + " has no Hive metastore"))) : Optional.empty();
    Optional<TableAtCut> table = tables.flatMap(t -> {
      HiveName name = HiveName.parse(rq.table(), "table");
      return t.atCut(group.name(), cut.id(), name.database(), name.table());
    });
    RestorePlanner.Plan plan = RestorePlanner.plan(cut, rq, table, new RestorePlanner.Facts() {
      @Override
      public boolean exists(String path) {
        return files.stat(path).isPresent();
      }

      @Override
      public Optional<Set<String>> partitionsNow(String database, String name) {
        return tables.flatMap(t -> t.partitionsNow(database, name));
      }

      @Override
      public boolean databaseExists(String database) {
        return tables.map(t -> t.databaseExists(database)).orElse(false);
      }
    });
    List<String> notes = new ArrayList<>();
    if (!plan.conflicts().isEmpty()) {
      String which = String.join(", ", plan.conflicts());
      if (!rq.dryRun() && !rq.overwrite()) {
        throw new ConflictException("Restore target exists on " + site.id() + ": " + which
            + "; confirm the overwrite (overwrite) to replace it with cut " + cut.id());
      }
      notes.add((rq.dryRun() ? "Would replace" : "Replaced") + " existing " + which
          + (rq.dryRun() && !rq.overwrite() ? " (needs the overwrite confirmation)" : ""));
    }
    if (site.id().equals(imageSite.id()) && inDataSets(cut, plan)) {
      notes.add("Restored on the secondary inside the group's data sets: the next run puts these paths and tables "
          + "back to the primary's state (keeping them as a drift snapshot)");
    }
    List<RestoreEntry> entries = new ArrayList<>();
    long total = 0;
    for (RestorePlanner.Copy c : plan.copies()) {
      RestoreFiles.Listing l = files.list(c.source(), Math.max(0, RestoreReport.MAX_ENTRIES - entries.size()));
      for (RestoreEntry e : l.entries()) {
        entries.add(new RestoreEntry(Paths.join(c.target(), Paths.relativize(c.source(), e.path())), e.directory(),
            e.length()));
      }
      total += l.total();
    }
    CopyOutcome copied = CopyOutcome.NOTHING;
    RestoreTables.Written written = new RestoreTables.Written(0, 0);
    if (!rq.dryRun()) {
      // Files first: a table definition must not point at directories that are not back yet.
      for (RestorePlanner.Copy c : plan.copies()) {
        copied = copied.plus(files.copy(c.source(), c.target()));
      }
      if (plan.table().isPresent()) {
        written = tables.orElseThrow().write(group.name(), cut.id(), plan.table().get());
      }
    }
    plan.table().ifPresent(t -> notes.add(grants(group, cut, site, imageSite, t, rq.dryRun())));
    return new RestoreReport(group.name(), cut.id(), site.id(), rq.dryRun(), plan.actions(), entries,
        total - entries.size(), copied.filesCopied(), copied.bytesCopied(), copied.pathsDeleted(), written.tables(),
        written.partitions(), notes);
  }

  /**
   * The table's grants as of the cut, from the user data kept with it on the secondary. A table whose grants
   * cannot be restored is still restored: the note says why its grants were not.
   */
  private String grants(ProtectionGroup group, Cut cut, Site site, Site imageSite, RestoreTables.TableRestore t,
      boolean dryRun) {
    HiveName to = new HiveName(t.targetDatabase(), t.targetTable());
    String table = to.database() + "." + to.table();
    try {
      List<UserDataChange> changes = connections.open(imageSite).userData().restoreTableGrants(group.name(),
          cut.id(), new HiveName(t.sourceDatabase(), t.sourceTable()), site.id(), to,
          dryRun ? ApplyMode.DRY_RUN : ApplyMode.APPLY);
      if (changes.isEmpty()) {
        return "Hive grants of " + table + " are those of cut " + cut.id();
      }
      List<String> shown = changes.stream().limit(20).map(UserDataChange::toString).toList();
      return "Hive grants of " + table + " as of cut " + cut.id() + ": " + (dryRun ? "would make " : "made ")
          + changes.size() + " change(s): " + String.join("; ", shown) + (changes.size() > shown.size() ? "; ..." : "");
    } catch (TandemException e) {
      return "Hive grants of " + table + " were not restored: " + e.getMessage();
    }
  }

  /** A cut the group keeps: recorded at the site and not newer than its last good cut (else never committed). */
  static Cut keptCut(ProtectionGroup group, Registry registry, CutId id) {
    Optional<CutId> last = registry.lastGoodCut(group.name());
    Optional<Cut> cut = registry.cut(group.name(), id).filter(c -> last.isPresent() && c.id().compareTo(last.get()) <= 0);
    return cut.orElseThrow(() -> new NotFoundException("Unknown cut '" + id + "' of group " + group.name()
        + " (kept: " + registry.cuts(group.name()).stream().map(Cut::id)
            .filter(c -> last.isPresent() && c.compareTo(last.get()) <= 0).toList() + ")"));
  }

  private static boolean inDataSets(Cut cut, RestorePlanner.Plan plan) {
    return plan.table().isPresent()
        || plan.copies().stream().anyMatch(c -> RestorePlanner.snapshotPath(cut, c.target()).isPresent());
  }
}
