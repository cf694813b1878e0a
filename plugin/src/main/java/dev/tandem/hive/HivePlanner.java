package dev.tandem.hive;

import dev.tandem.engine.MetastorePlan;
import dev.tandem.engine.ScrubSlicer;
import dev.tandem.engine.TableSweep;
import dev.tandem.model.CutId;
import dev.tandem.model.DataSet;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.TandemException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SweepProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a group's Hive data sets on the primary and reads them whole: databases, tables, partitions, column
 * statistics. Checks each object: it exists, its type is one Tandem replicates, its files lie on the primary's
 * file system below an allowed root (a directory of the group, or the location of a database the group names),
 * and a view's base tables are protected by the same group.
 */
final class HivePlanner {
  /** Hive writes a view's expanded text with qualified, quoted names: {@code FROM `db`.`table`}. */
  private static final Pattern VIEW_SOURCE =
      Pattern.compile("(?i)\\b(?:from|join)\\s+`([A-Za-z0-9_]+)`\\.`([A-Za-z0-9_]+)`");
  private static final int TABLE_BATCH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(HivePlanner.class);

  private final HmsClient primary;
  private final LocationRewriter rewriter;

  HivePlanner(HmsClient primary, LocationRewriter rewriter) {
    this.primary = primary;
    this.rewriter = rewriter;
  }

  /**
   * Reads every protected object from the primary; {@code now} is recorded as the image's last full read. A table
   * named as a data set of its own that is absent must have been dropped after {@code since} (the last good cut's
   * event id; -1: after this read began), else the run fails naming it (see {@link #absentTables}).
   */
  HivePlan plan(ProtectionGroup group, long now, long since, TableSweep sweep, List<String> notes) {
    HiveScope scope = HiveScope.of(group);
    long before = currentEventId();
    HiveImage dump = new HiveImage(before);
    dump.fullReadAt(now);
    List<MetastorePlan.Location> locations = new ArrayList<>();
    Roots roots = databasesAndRoots(group, dump);
    List<DataSet> sets = group.dataSets();
    for (int i = 0; i < sets.size(); i++) {
      DataSet set = sets.get(i);
      String field = field(i, set);
      List<Table> tables;
      if (set instanceof HiveDatabase d) {
        tables = allTables(d.database());
        locations.add(new MetastorePlan.Location(roots.databasePaths().get(d.database()), field, set.describe()));
      } else if (set instanceof HiveTable t) {
        // Absent: dropped meanwhile or never there, which absentTables tells apart once the others are read.
        tables = findTable(t).map(List::of).orElse(List.of());
      } else {
        continue;
      }
      for (Table t : tables) {
        check(t, field, scope, roots.allowed());
      }
      List<List<Partition>> parts = partitions(tables);
      List<HiveImage.TableImage> images = new ArrayList<>(tables.size());
      for (int k = 0; k < tables.size(); k++) {
        Table t = tables.get(k);
        if (parts.get(k) == null) {
          continue;
        }
        locate(t, parts.get(k), rewriter::pathOnPrimary, field, roots.allowed(), locations);
        HiveImage.TableImage image = imageOf(t, parts.get(k));
        dump.tables().put(HiveObjects.key(t), image);
        images.add(image);
      }
      // Hive 3.1 logs no event when statistics change, and its fence cannot hold such changes: they are as of
      // this read.
      HmsColumnStatistics.readAll(primary.uri(), images);
    }
    absentTables(group, dump, since, before, roots.allowed(), locations, notes);
    // Every table is read, so the tables' sweep completes a pass (the comparison with the last image, where there
    // is one, happens in REPLICATE_METADATA).
    HivePlan.Scrubbed scrubbed = sweep.on() ? new HivePlan.Scrubbed(dump.tables().keySet(), Map.of(),
        SweepProgress.startingAt(sweep.now(), sweep.now())) : HivePlan.Scrubbed.NONE;
    return HivePlan.read(group.name(), scope, before, dump, locations, notes, scrubbed);
  }

  /**
   * Each table named as a data set of its own that the plan's image lacks (absent when read, or dropped between
   * the reads of its object and its partitions) must have been dropped, or renamed away, on the primary after
   * {@code since} (or, without a last good cut, after {@code before}, this plan's event id): the notification log
   * says so. Then the absence is the primary's state at some event id, and the cut holds the table as the events
   * up to its own id leave it (absent, or created again); its last directory stays in the cut if it still exists,
   * for a table created there again. A table with no such drop is a name the primary does not have (or that went
   * without a trace): the run fails naming the data set, since protecting nothing must never pass for success.
   */
  private void absentTables(ProtectionGroup group, HiveImage image, long since, long before, List<String> allowed,
      List<MetastorePlan.Location> locations, List<String> notes) {
    Map<String, Integer> missing = new LinkedHashMap<>();
    List<DataSet> sets = group.dataSets();
    for (int i = 0; i < sets.size(); i++) {
      if (sets.get(i) instanceof HiveTable t && !image.tables().containsKey(HiveScope.key(t.database(), t.table()))) {
        missing.put(HiveScope.key(t.database(), t.table()), i);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    long from = since >= 0 ? since : before;
    String after = since >= 0 ? "event " + since + " (the last good cut)" : "event " + before + " (this run's start)";
    Map<String, TableDrops.Drop> drops = TableDrops.find(primary, missing.keySet(), from, currentEventId());
    missing.forEach((key, i) -> {
      String field = field(i, sets.get(i));
      TableDrops.Drop drop = drops.get(key);
      InvalidInputException.check(drop != null, field, "Unknown Hive table '%s' (%s) on the primary's metastore "
          + "(%s): no table of that name, and the notification log records no drop of it after %s", key, field,
          primary.uri(), after);
      drop.location().flatMap(rewriter::pathOnPrimary)
          .filter(path -> allowed.stream().anyMatch(a -> Paths.isSameOrBelow(path, a)))
          .ifPresent(path -> locations.add(new MetastorePlan.Location(path, field, "hive:" + key,
              MetastorePlan.Need.IF_PRESENT)));
      notes.add("Hive table " + key + " (" + field + ") is absent on the primary: dropped at event "
          + drop.eventId() + ", after " + after + "; the cut holds it as the events up to the cut's event id leave"
          + " it (absent, unless it is created again before the cut)");
    });
  }

  /**
   * The plan derived from {@code image}, the last good cut's, with the events since replayed onto it: only
   * databases and the tables those events touched are read from the primary; every object's checks run on the
   * result. Empty, with the reason in {@code notes}, when it cannot stand in for a full read: a data set the
   * image does not cover (added to the group since, or absent at that cut), expired events. A table of its own
   * that is gone is held absent if the log records its drop (see {@link #absentTables}).
   */
  Optional<HivePlan> planFromImage(ProtectionGroup group, HiveImage image, CutId base, TableSweep sweep,
      List<String> notes) {
    HiveScope scope = HiveScope.of(group);
    List<DataSet> sets = group.dataSets();
    for (DataSet set : sets) {
      boolean covered = set instanceof HiveDatabase d ? image.databases().containsKey(d.database())
          : !(set instanceof HiveTable t) || image.tables().containsKey(HiveScope.key(t.database(), t.table()));
      if (!covered) {
        notes.add("Hive objects read whole from the primary: " + set.describe() + " is not in the metastore image "
            + "of last good cut " + base + " (it joined the group since, or was absent at that cut)");
        return Optional.empty();
      }
    }
    long before = currentEventId();
    long since = image.eventId();
    Set<String> touched = new TreeSet<>();
    // A data set removed from the group since: its tables leave the secondary as in a full plan's run.
    image.tables().keySet().removeIf(k -> {
      boolean gone = !scope.containsKey(k);
      if (gone) {
        touched.add(k);
      }
      return gone;
    });
    HmsEventReplayer.Replay replay;
    try {
      replay = new HmsEventReplayer(scope, rewriter).replay(primary, since, before, image);
    } catch (HmsEventReplayer.EventsMissing e) {
      notes.add("Hive objects read whole from the primary: " + e.getMessage() + " (the events after " + since
          + " expired)");
      return Optional.empty();
    }
    touched.addAll(replay.tablesTouched());
    // The scrub's slice: tables re-read although no event touched them, compared with what the image says.
    HivePlan.Scrubbed scrubbed = HivePlan.Scrubbed.NONE;
    Map<String, HiveImage.TableImage> said = new java.util.TreeMap<>();
    if (sweep.on()) {
      ScrubSlicer.Slice slice = sweep.slicer().next(sweep.before(), image.tables().size(),
          ScrubSlicer.FileSource.of(image.tables().keySet()), sweep.now());
      for (String key : slice.paths()) {
        if (!touched.contains(key)) {
          said.put(key, image.tables().get(key).copy());
        }
      }
      scrubbed = new HivePlan.Scrubbed(Set.copyOf(slice.paths()), Map.of(), slice.next());
    }
    Set<String> read = new TreeSet<>(touched);
    read.addAll(said.keySet());
    Map<String, PrimaryTable> reread = rereadTouched(image, read);
    Map<String, String> differing = new java.util.TreeMap<>();
    said.forEach((key, was) -> {
      String d = MetastoreDigest.firstDifference(key, image.tables().get(key), was);
      if (d != null) {
        differing.put(key, d);
      }
    });
    if (scrubbed.next() != null) {
      scrubbed = new HivePlan.Scrubbed(scrubbed.compared(), differing, scrubbed.next());
    }
    image.databases().clear();
    Roots roots = databasesAndRoots(group, image);
    List<MetastorePlan.Location> locations = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      DataSet set = sets.get(i);
      String field = field(i, set);
      List<HiveImage.TableImage> tables = new ArrayList<>();
      if (set instanceof HiveDatabase d) {
        locations.add(new MetastorePlan.Location(roots.databasePaths().get(d.database()), field, set.describe()));
        String prefix = d.database().toLowerCase(java.util.Locale.ROOT) + ".";
        image.tables().forEach((k, ti) -> {
          if (k.startsWith(prefix)) {
            tables.add(ti);
          }
        });
      } else if (set instanceof HiveTable t) {
        // Absent (dropped since the last good cut): absentTables decides below.
        Optional.ofNullable(image.tables().get(HiveScope.key(t.database(), t.table()))).ifPresent(tables::add);
      } else {
        continue;
      }
      for (HiveImage.TableImage ti : tables) {
        check(ti.table(), field, scope, roots.allowed());
      }
      for (HiveImage.TableImage ti : tables) {
        PrimaryTable fresh = reread.get(HiveObjects.key(ti.table()));
        if (fresh != null) {
          locate(fresh.table(), fresh.partitions(), rewriter::pathOnPrimary, field, roots.allowed(), locations);
        } else {
          // Read in primary form when it was last read (and checked to be on the primary's file system), so a
          // location on the secondary's file system here is a rewritten one: only the roots need checking again.
          locate(ti.table(), ti.partitions().values(), rewriter::pathOnSecondary, field, roots.allowed(), locations);
        }
      }
    }
    absentTables(group, image, since, before, roots.allowed(), locations, notes);
    notes.add("Hive objects planned from the metastore image of last good cut " + base + " and the "
        + replay.eventsRead() + " event(s) since; " + touched.size() + " table(s) read from the primary"
        + (said.isEmpty() ? "" : ", and " + said.size() + " more for the scrub"));
    return Optional.of(new HivePlan(group.name(), scope, before, image, locations, Optional.of(base), read,
        replay.eventsRead(), notes, scrubbed));
  }

  /**
   * Replaces each touched table of the image with what the primary holds now, partitions and statistics
   * included, as a full read would (and later than A, which the replay of (A, E] makes good). The metastore
   * changes more of a touched table than its events say (parameters, statistics and their accuracy flags); an
   * untouched table's statistics stay the last full read's, which is why the image keeps when that was.
   */
  private Map<String, PrimaryTable> rereadTouched(HiveImage image, Set<String> touched) {
    Map<String, PrimaryTable> out = new java.util.HashMap<>();
    List<String> present = touched.stream().filter(image.tables()::containsKey).toList();
    for (Map.Entry<String, List<String>> e : HiveScope.byDatabase(present).entrySet()) {
      List<Table> tables = tables(e.getKey(), e.getValue());
      e.getValue().forEach(name -> image.tables().remove(HiveScope.key(e.getKey(), name)));
      List<List<Partition>> parts = partitions(tables);
      List<HiveImage.TableImage> fresh = new ArrayList<>();
      for (int k = 0; k < tables.size(); k++) {
        Table t = tables.get(k);
        if (parts.get(k) == null) {
          continue;
        }
        HiveImage.TableImage ti = imageOf(t, parts.get(k));
        image.tables().put(HiveObjects.key(t), ti);
        fresh.add(ti);
        out.put(HiveObjects.key(t), new PrimaryTable(t, parts.get(k)));
      }
      HmsColumnStatistics.readAll(primary.uri(), fresh);
    }
    return out;
  }

  /** A table and its partitions as read from the primary, before any rewrite. */
  private record PrimaryTable(Table table, List<Partition> partitions) {}

  /** The group's allowed roots, and the path of each database it names. */
  private record Roots(List<String> allowed, Map<String, String> databasePaths) {}

  /** A table read from the primary, in the secondary's form (no statistics yet); its partitions are whole. */
  private HiveImage.TableImage imageOf(Table t, List<Partition> parts) {
    HiveImage.TableImage image = new HiveImage.TableImage(HiveObjects.forSecondary(t, rewriter));
    for (Partition p : parts) {
      image.partitions().put(HiveObjects.partitionName(t, p.getValues()), HiveObjects.forSecondary(p, rewriter));
    }
    return image;
  }

  /** Adds the directories of a table and its partitions, each of which must lie below an allowed root. */
  private void locate(Table t, java.util.Collection<Partition> parts, Function<String, Optional<String>> pathOf,
      String field, List<String> allowed, List<MetastorePlan.Location> out) {
    String owner = "hive:" + HiveObjects.key(t);
    if (!HiveObjects.isView(t)) {
      out.add(new MetastorePlan.Location(allowedPath(HiveObjects.location(t), pathOf, "table", t, field, allowed),
          field, owner));
    }
    for (Partition p : parts) {
      out.add(new MetastorePlan.Location(allowedPath(HiveObjects.location(p), pathOf, "partition " + p.getValues()
          + " of table", t, field, allowed), field, owner));
    }
  }

  private long currentEventId() {
    return primary.call("read the current event id", rpc -> rpc.get_current_notificationEventId()).getEventId();
  }

  /**
   * Reads the databases the group names (a data set's own, or its table's) into {@code image}, and returns the
   * allowed roots: the group's directories and the databases' locations.
   */
  private Roots databasesAndRoots(ProtectionGroup group, HiveImage image) {
    Map<String, Database> databases = new LinkedHashMap<>();
    List<DataSet> sets = group.dataSets();
    for (int i = 0; i < sets.size(); i++) {
      String db = sets.get(i) instanceof HiveDatabase d ? d.database()
          : sets.get(i) instanceof HiveTable t ? t.database() : null;
      if (db != null && !databases.containsKey(db)) {
        databases.put(db, database(db, "dataSets[" + i + "].database"));
      }
    }
    List<String> allowed = new ArrayList<>();
    group.hdfsDirectories().stream().map(HdfsDirectory::path).forEach(allowed::add);
    Map<String, String> paths = new LinkedHashMap<>();
    databases.forEach((name, d) -> {
      paths.put(name, databasePath(d));
      image.databases().put(name, HiveObjects.forSecondary(d, rewriter));
    });
    allowed.addAll(paths.values());
    return new Roots(allowed, paths);
  }

  /**
   * The directories the group's Hive objects occupy on the primary now: database locations of whole
   * databases, table and partition locations. Unlike {@link #plan}, checks nothing and leaves out objects that
   * no longer resolve: used to keep another group off them, whose own runs report what went missing.
   */
  List<MetastorePlan.Location> occupied(ProtectionGroup group) {
    List<MetastorePlan.Location> out = new ArrayList<>();
    List<DataSet> sets = group.dataSets();
    for (int i = 0; i < sets.size(); i++) {
      DataSet set = sets.get(i);
      String field = field(i, set);
      List<Table> tables;
      if (set instanceof HiveDatabase d) {
        Optional<Database> db = primary.find("read database " + d.database(), rpc -> rpc.get_database(d.database()));
        if (db.isEmpty()) {
          continue;
        }
        rewriter.pathOnPrimary(db.get().getLocationUri())
            .ifPresent(path -> out.add(new MetastorePlan.Location(path, field, set.describe())));
        tables = allTables(d.database());
      } else if (set instanceof HiveTable t) {
        tables = primary.find("read table " + t.database() + "." + t.table(),
            rpc -> rpc.get_table_req(tableRequest(t)).getTable()).map(List::of).orElse(List.of());
      } else {
        continue;
      }
      List<List<Partition>> parts = partitions(tables);
      for (int k = 0; k < tables.size(); k++) {
        if (parts.get(k) == null) {
          continue;
        }
        String owner = "hive:" + HiveObjects.key(tables.get(k));
        rewriter.pathOnPrimary(HiveObjects.location(tables.get(k)))
            .ifPresent(path -> out.add(new MetastorePlan.Location(path, field, owner)));
        for (Partition p : parts.get(k)) {
          rewriter.pathOnPrimary(HiveObjects.location(p))
              .ifPresent(path -> out.add(new MetastorePlan.Location(path, field, owner)));
        }
      }
    }
    return out;
  }

  /** The field a Hive data set is named by in errors. */
  private static String field(int i, DataSet set) {
    return "dataSets[" + i + "]." + (set instanceof HiveDatabase ? "database" : "table");
  }

  private void check(Table t, String field, HiveScope scope, List<String> allowed) {
    String name = HiveObjects.key(t);
    String type = t.getTableType();
    InvalidInputException.check(HiveObjects.MANAGED.equals(type) || HiveObjects.EXTERNAL.equals(type)
        || HiveObjects.isView(t), field, "Hive table %s is a %s, which Tandem does not replicate "
        + "(managed and external tables and views only)", name, type);
    InvalidInputException.check(!HiveObjects.isTransactional(t), field, "Hive table %s is transactional (ACID); "
        + "Tandem does not replicate ACID tables, whose visible data depends on the metastore's transaction state",
        name);
    if (HiveObjects.isView(t)) {
      Matcher m = VIEW_SOURCE.matcher(t.getViewExpandedText() == null ? "" : t.getViewExpandedText());
      while (m.find()) {
        InvalidInputException.check(scope.contains(m.group(1), m.group(2)), field, "View %s reads %s.%s, which "
            + "this group does not protect: add that table (or its database) to the group, or leave the view out",
            name, m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2).toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  private String allowedPath(String location, Function<String, Optional<String>> pathOf, String what, Table t,
      String field, List<String> allowed) {
    String name = HiveObjects.key(t);
    Optional<String> path = pathOf.apply(location);
    InvalidInputException.check(path.isPresent(), field, "The %s %s lies at %s, not on the primary's file "
        + "system; Tandem replicates only files of the cut", what, name, location);
    InvalidInputException.check(allowed.stream().anyMatch(a -> Paths.isSameOrBelow(path.get(), a)), field,
        "The %s %s lies at %s, outside every allowed root %s; add its directory to the group as an HDFS data set",
        what, name, path.get(), allowed);
    return path.get();
  }

  private String databasePath(Database d) {
    return rewriter.pathOnPrimary(d.getLocationUri()).orElseThrow(() -> new InvalidInputException("dataSets",
        "Hive database " + d.getName() + " lies at " + d.getLocationUri() + ", not on the primary's file system"));
  }

  private Database database(String name, String field) {
    return primary.find("read database " + name, rpc -> rpc.get_database(name)).orElseThrow(() ->
        new InvalidInputException(field, "Unknown Hive database '" + name + "' on the primary's metastore ("
            + primary.uri() + ")"));
  }

  private Optional<Table> findTable(HiveTable t) {
    return primary.find("read table " + t.database() + "." + t.table(),
        rpc -> rpc.get_table_req(tableRequest(t)).getTable());
  }

  private static GetTableRequest tableRequest(HiveTable t) {
    GetTableRequest rq = new GetTableRequest(t.database(), t.table());
    rq.setCapabilities(HiveObjects.CAPABILITIES);
    return rq;
  }

  private List<Table> allTables(String db) {
    return tables(db, primary.call("list the tables of " + db, rpc -> rpc.get_all_tables(db)));
  }

  /** The named tables of {@code db} that exist, in batches. */
  private List<Table> tables(String db, List<String> names) {
    List<Table> out = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i += TABLE_BATCH) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + TABLE_BATCH));
      GetTablesRequest rq = new GetTablesRequest(db);
      rq.setTblNames(new ArrayList<>(batch));
      rq.setCapabilities(HiveObjects.CAPABILITIES);
      out.addAll(primary.call("read the tables of " + db, rpc -> rpc.get_table_objects_by_name_req(rq)).getTables());
    }
    return out;
  }

  /**
   * The partitions of each table, in the tables' order, read over a few connections at once; null for a table
   * dropped since it was read. Other clients keep changing the tables meanwhile: a partition that does not
   * read whole (see {@link HiveObjects#partitionNameIfWhole}) is left out. Whatever changed after the plan's
   * event id is in the events replayed onto the dump (a dropped table's drop, a partition's drop or re-add).
   */
  private List<List<Partition>> partitions(List<Table> tables) {
    List<List<Partition>> out = new ArrayList<>();
    for (List<List<Partition>> chunk : HmsParallel.run(primary.uri(), tables, (client, batch) -> {
      List<List<Partition>> parts = new ArrayList<>();
      for (Table t : batch) {
        parts.add(t.getPartitionKeys().isEmpty() ? List.of() : partitionsOf(client, t));
      }
      return parts;
    })) {
      out.addAll(chunk);
    }
    return out;
  }

  /**
   * The partitions of {@code t}, null when it was dropped since. A metastore may fail the read itself while another
   * client drops the table (Derby: "Exception rolling back to savepoint"): if the table is gone or was created
   * again by then, that is a drop, which the events after the plan's id replay; otherwise the read is tried once
   * more, and a second failure fails the run.
   */
  private static List<Partition> partitionsOf(HmsClient client, Table t) {
    String what = "read the partitions of " + HiveObjects.key(t);
    try {
      return client.find(what, rpc -> rpc.get_partitions(t.getDbName(), t.getTableName(), (short) -1))
          .map(ps -> whole(t, ps)).orElse(null);
    } catch (PeerUnavailableException e) {
      throw e;
    } catch (TandemException e) {
      if (HiveObjects.goneOrCreatedAgain(client, t)) {
        LOG.debug("Partitions of {} read while it was dropped; the events after the plan's id replay it",
            HiveObjects.key(t), e);
        return null;
      }
      return client.find(what, rpc -> rpc.get_partitions(t.getDbName(), t.getTableName(), (short) -1))
          .map(ps -> whole(t, ps)).orElse(null);
    }
  }

  private static List<Partition> whole(Table t, List<Partition> parts) {
    List<Partition> out = new ArrayList<>(parts.size());
    for (Partition p : parts) {
      if (HiveObjects.partitionNameIfWhole(t, p.getValues()).isPresent()) {
        out.add(p);
      } else {
        LOG.debug("Partition {} of {} read while it changed; the events after the plan's id replay it",
            p.getValues(), HiveObjects.key(t));
      }
    }
    return out;
  }
}
