package dev.tandem.engine;

import dev.tandem.engine.RestoreTables.ExternalTable;
import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.model.Cut;
import dev.tandem.model.DrTest;
import dev.tandem.model.DrTestRequest;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Decides what a DR test exposes, without writing: each HDFS data set of the group as its path in the cut's snapshot,
 * and each table of the cut's metastore image as an external table of a test database whose table and partition
 * locations are the cut's directories in that snapshot ({@link RestorePlanner#snapshotPath}). Pure: whether a
 * directory exists in the secondary's snapshot comes from {@code exists}.
 *
 * <p>Not exposed, with the reason: views (their query would read the live source tables, not the cut), ACID tables
 * (their files mean nothing without the metastore's transaction state; groups refuse them, so a cut holds none),
 * tables whose own directory is not in the snapshot (the metastore would try to create it there, and a snapshot is
 * read-only). Partitions whose directory is missing are left out of the test table for the same reason and
 * reported.
 */
final class DrTestPlanner {
  /** Hive's longest database name. */
  static final int MAX_DATABASE_NAME = 128;

  /** An HDFS data set of the group: where the cut holds it, empty when the cut does not cover it. */
  record PathPlan(String path, Optional<String> snapshotPath, boolean exists) {}

  /** A test database: its name, its source, its location (an existing directory of the snapshot). */
  record DatabasePlan(String name, String source, String location) {}

  /**
   * A table of the cut exposed as {@code write}.
   *
   * @param directories the table's and its partitions' directories in the snapshot
   * @param missing those the secondary's snapshot lacks
   * @param top the directories not below another of them: what the table's files are counted over
   */
  record TablePlan(TableAtCut source, ExternalTable write, String location, List<String> directories,
      List<String> missing, List<String> top) {
    TablePlan {
      directories = List.copyOf(directories);
      missing = List.copyOf(missing);
      top = List.copyOf(top);
    }

    String sourceName() {
      return source.database() + "." + source.table();
    }

    String testName() {
      return write.targetDatabase() + "." + write.targetTable();
    }
  }

  /**
   * A table left out.
   *
   * @param failed whether that is a failed check (a directory the cut should hold) rather than a kind of table a DR
   *     test cannot expose
   */
  record Skipped(TableAtCut source, String reason, boolean failed, List<String> directories, List<String> missing) {
    Skipped {
      directories = List.copyOf(directories);
      missing = List.copyOf(missing);
    }

    String sourceName() {
      return source.database() + "." + source.table();
    }
  }

  record Plan(List<PathPlan> paths, List<DatabasePlan> databases, List<TablePlan> tables, List<Skipped> skipped) {
    Plan {
      paths = List.copyOf(paths);
      databases = List.copyOf(databases);
      tables = List.copyOf(tables);
      skipped = List.copyOf(skipped);
    }

    List<String> databaseNames() {
      return databases.stream().map(DatabasePlan::name).toList();
    }
  }

  private DrTestPlanner() {}

  /**
   * @param tables the tables of the cut's image, empty for a cut without Hive tables or without an image
   * @param exists whether a path exists on the secondary (a snapshot path here)
   */
  static Plan plan(Cut cut, ProtectionGroup group, DrTestRequest rq, List<TableAtCut> tables,
      Predicate<String> exists) {
    List<PathPlan> paths = new ArrayList<>();
    for (HdfsDirectory dir : group.hdfsDirectories()) {
      Optional<String> snap = RestorePlanner.snapshotPath(cut, dir.path());
      paths.add(new PathPlan(dir.path(), snap, snap.map(exists::test).orElse(false)));
    }

    Map<String, String> databaseLocations = new TreeMap<>();
    List<TablePlan> exposed = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (TableAtCut t : tables) {
      String testDb = rq.testDatabase(t.database());
      InvalidInputException.check(testDb.length() <= MAX_DATABASE_NAME, "databaseSuffix",
          "Test database %s would be longer than Hive's %d characters: use a shorter suffix", testDb,
          MAX_DATABASE_NAME);
      if (t.view()) {
        skipped.add(new Skipped(t, "a view: its query reads the live source tables, not the cut", false, List.of(),
            List.of()));
        continue;
      }
      if (t.transactional()) {
        skipped.add(new Skipped(t, "a transactional (ACID) table: its files cannot be read without the metastore's "
            + "transaction state", false, List.of(), List.of()));
        continue;
      }
      Map<String, String> relocations = new LinkedHashMap<>();
      List<String> directories = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      Optional<String> tableSnap = RestorePlanner.snapshotPath(cut, t.location());
      boolean tableThere = tableSnap.map(exists::test).orElse(false);
      directories.add(tableSnap.orElse(t.location()));
      if (!tableThere) {
        missing.add(tableSnap.orElse(t.location()));
      }
      tableSnap.ifPresent(s -> relocations.put(t.location(), s));
      List<String> partitions = new ArrayList<>();
      for (Map.Entry<String, String> p : new TreeMap<>(t.partitions()).entrySet()) {
        Optional<String> snap = RestorePlanner.snapshotPath(cut, p.getValue());
        directories.add(snap.orElse(p.getValue()));
        if (snap.isPresent() && exists.test(snap.get())) {
          relocations.put(p.getValue(), snap.get());
          partitions.add(p.getKey());
        } else {
          missing.add(snap.orElse(p.getValue()));
        }
      }
      if (!tableThere) {
        skipped.add(new Skipped(t, "its directory " + t.location() + " is not in the cut's snapshot"
            + tableSnap.map(s -> " (" + s + ")").orElse(""), true, directories, missing));
        continue;
      }
      Map<String, String> parameters = Map.of(DrTest.GROUP_MARKER, group.name().value(),
          DrTest.CUT_MARKER, cut.id().value(), DrTest.SOURCE_MARKER, t.database() + "." + t.table());
      ExternalTable write = new ExternalTable(t.database(), t.table(), testDb, t.table(), relocations, partitions,
          parameters);
      exposed.add(new TablePlan(t, write, tableSnap.get(), directories, missing, top(directories, missing)));
      databaseLocations.computeIfAbsent(testDb, db -> databaseLocation(cut, t, tableSnap.get(), exists));
    }
    List<DatabasePlan> databases = new ArrayList<>();
    databaseLocations.forEach((name, location) -> databases.add(new DatabasePlan(name,
        exposed.stream().filter(p -> p.write().targetDatabase().equals(name)).findFirst().orElseThrow()
            .source().database(), location)));
    return new Plan(paths, databases, exposed, skipped);
  }

  /**
   * Where a test database points: an existing directory of the snapshot, so that the metastore creates none on the
   * secondary and a table created there without a location fails (the snapshot is read-only). The source
   * database's directory as the cut holds it when it is the parent of the table's, else the table's own.
   */
  private static String databaseLocation(Cut cut, TableAtCut t, String tableSnap, Predicate<String> exists) {
    return RestorePlanner.snapshotPath(cut, Paths.parent(t.location())).filter(exists).orElse(tableSnap);
  }

  /** The directories that exist and lie below no other one of the list. */
  private static List<String> top(List<String> directories, List<String> missing) {
    List<String> out = new ArrayList<>();
    for (String d : directories) {
      if (missing.contains(d) || out.contains(d)) {
        continue;
      }
      boolean below = directories.stream().anyMatch(o -> !o.equals(d) && !missing.contains(o)
          && Paths.isSameOrBelow(d, o));
      if (!below) {
        out.add(d);
      }
    }
    return out;
  }
}
