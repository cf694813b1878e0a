package dev.tandem.hive;

import dev.tandem.engine.MetastorePlan;
import dev.tandem.model.DataSet;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;

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

  private final HmsClient primary;
  private final LocationRewriter rewriter;

  HivePlanner(HmsClient primary, LocationRewriter rewriter) {
    this.primary = primary;
    this.rewriter = rewriter;
  }

  HivePlan plan(ProtectionGroup group) {
    HiveScope scope = HiveScope.of(group);
    long before = primary.call("read the current event id", rpc -> rpc.get_current_notificationEventId()).getEventId();
    HiveImage dump = new HiveImage(before);
    List<MetastorePlan.Location> locations = new ArrayList<>();
    // Databases first: their locations are allowed roots for every table.
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
    databases.values().forEach(d -> allowed.add(databasePath(d)));
    databases.forEach((name, d) -> dump.databases().put(name, HiveObjects.forSecondary(d, rewriter)));

    for (int i = 0; i < sets.size(); i++) {
      DataSet set = sets.get(i);
      String field = field(i, set);
      List<Table> tables;
      if (set instanceof HiveDatabase d) {
        tables = allTables(d.database());
        locations.add(new MetastorePlan.Location(databasePath(databases.get(d.database())), field, set.describe()));
      } else if (set instanceof HiveTable t) {
        tables = List.of(table(t, field));
      } else {
        continue;
      }
      for (Table t : tables) {
        check(t, field, scope, allowed);
      }
      List<List<Partition>> parts = partitions(tables);
      List<HiveImage.TableImage> images = new ArrayList<>(tables.size());
      for (int k = 0; k < tables.size(); k++) {
        Table t = tables.get(k);
        HiveImage.TableImage image = new HiveImage.TableImage(HiveObjects.forSecondary(t, rewriter));
        String owner = "hive:" + HiveObjects.key(t);
        if (!HiveObjects.isView(t)) {
          locations.add(new MetastorePlan.Location(allowedPath(HiveObjects.location(t), "table", t, field, allowed),
              field, owner));
        }
        for (Partition p : parts.get(k)) {
          String where = allowedPath(HiveObjects.location(p), "partition " + p.getValues() + " of table", t, field,
              allowed);
          locations.add(new MetastorePlan.Location(where, field, owner));
          image.partitions().put(HiveObjects.partitionName(t, p.getValues()), HiveObjects.forSecondary(p, rewriter));
        }
        dump.tables().put(HiveObjects.key(t), image);
        images.add(image);
      }
      // Hive 3.1 logs no event when statistics change, and its fence cannot hold such changes: they are as of
      // this read.
      HmsColumnStatistics.readAll(primary.uri(), images);
    }
    return new HivePlan(group.name(), scope, before, dump, locations);
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
        Optional<Database> db = find("read database " + d.database(), rpc -> rpc.get_database(d.database()));
        if (db.isEmpty()) {
          continue;
        }
        rewriter.pathOnPrimary(db.get().getLocationUri())
            .ifPresent(path -> out.add(new MetastorePlan.Location(path, field, set.describe())));
        tables = allTables(d.database());
      } else if (set instanceof HiveTable t) {
        tables = find("read table " + t.database() + "." + t.table(), rpc -> rpc.get_table_req(tableRequest(t))
            .getTable()).map(List::of).orElse(List.of());
      } else {
        continue;
      }
      List<List<Partition>> parts = partitions(tables);
      for (int k = 0; k < tables.size(); k++) {
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

  private <T> Optional<T> find(String what, HmsClient.Call<T> call) {
    try {
      return Optional.of(call.apply(primary.rpc()));
    } catch (NoSuchObjectException e) {
      return Optional.empty();
    } catch (TException e) {
      return primary.call(what, rpc -> {
        throw e;
      });
    }
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

  private String allowedPath(String location, String what, Table t, String field, List<String> allowed) {
    String name = HiveObjects.key(t);
    Optional<String> path = rewriter.pathOnPrimary(location);
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
    return find("read database " + name, rpc -> rpc.get_database(name)).orElseThrow(() -> new InvalidInputException(
        field, "Unknown Hive database '" + name + "' on the primary's metastore (" + primary.uri() + ")"));
  }

  private Table table(HiveTable t, String field) {
    return find("read table " + t.database() + "." + t.table(), rpc -> rpc.get_table_req(tableRequest(t)).getTable())
        .orElseThrow(() -> new InvalidInputException(field, "Unknown Hive table '" + t.database() + "." + t.table()
            + "' on the primary's metastore (" + primary.uri() + ")"));
  }

  private static GetTableRequest tableRequest(HiveTable t) {
    GetTableRequest rq = new GetTableRequest(t.database(), t.table());
    rq.setCapabilities(HiveObjects.CAPABILITIES);
    return rq;
  }

  private List<Table> allTables(String db) {
    List<String> names = primary.call("list the tables of " + db, rpc -> rpc.get_all_tables(db));
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

  /** The partitions of each table, in the tables' order, read over a few connections at once. */
  private List<List<Partition>> partitions(List<Table> tables) {
    List<List<Partition>> out = new ArrayList<>();
    for (List<List<Partition>> chunk : HmsParallel.run(primary.uri(), tables, (client, batch) -> {
      List<List<Partition>> parts = new ArrayList<>();
      for (Table t : batch) {
        parts.add(t.getPartitionKeys().isEmpty() ? List.of() : client.call("read the partitions of "
            + HiveObjects.key(t), rpc -> rpc.get_partitions(t.getDbName(), t.getTableName(), (short) -1)));
      }
      return parts;
    })) {
      out.addAll(chunk);
    }
    return out;
  }
}
