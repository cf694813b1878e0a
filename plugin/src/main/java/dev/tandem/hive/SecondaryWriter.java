package dev.tandem.hive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;

/**
 * Makes tables of the secondary's metastore equal to an image: reads what the secondary has, then creates,
 * alters and drops only what differs, so applying the same image twice writes nothing the second time.
 * Never touches files: tables are dropped without their data, and the metastore is told not to recompute
 * statistics from the file system (the files are the cut's, and their statistics come with the image).
 */
final class SecondaryWriter {
  private static final int BATCH = 1_000;
  private final HmsClient secondary;

  SecondaryWriter(HmsClient secondary) {
    this.secondary = secondary;
  }

  /** Counts of what was written. */
  record Written(long tables, long partitions) {
    Written plus(Written o) {
      return new Written(tables + o.tables, partitions + o.partitions);
    }
  }

  /** The secondary's current objects of the given tables (absent ones left out). */
  HiveImage read(Collection<String> keys) {
    HiveImage actual = new HiveImage(-1);
    for (var e : HiveScope.byDatabase(keys).entrySet()) {
      String db = e.getKey();
      List<String> names = e.getValue();
      for (int i = 0; i < names.size(); i += 100) {
        List<String> batch = names.subList(i, Math.min(names.size(), i + 100));
        List<Table> tables;
        try {
          GetTablesRequest rq = new GetTablesRequest(db);
          rq.setTblNames(new ArrayList<>(batch));
          rq.setCapabilities(HiveObjects.CAPABILITIES);
          tables = secondary.rpc().get_table_objects_by_name_req(rq).getTables();
        } catch (NoSuchObjectException ex) {
          tables = List.of();
        } catch (TException ex) {
          tables = secondary.call("read tables of " + db, rpc -> {
            throw ex;
          });
        }
        for (Table t : tables) {
          HiveImage.TableImage ti = new HiveImage.TableImage(t);
          if (!t.getPartitionKeys().isEmpty()) {
            for (Partition p : secondary.call("read the partitions of " + HiveObjects.key(t),
                rpc -> rpc.get_partitions(t.getDbName(), t.getTableName(), (short) -1))) {
              ti.partitions().put(HiveObjects.partitionName(t, p.getValues()), p);
            }
          }
          HmsColumnStatistics.read(secondary, ti);
          actual.tables().put(HiveObjects.key(t), ti);
        }
      }
    }
    return actual;
  }

  /** Tables the secondary has in the scope's databases and the scope covers. */
  List<String> tablesInScope(HiveScope scope) {
    List<String> keys = new ArrayList<>();
    for (String db : scope.allDatabases()) {
      List<String> names;
      try {
        names = secondary.rpc().get_all_tables(db);
      } catch (NoSuchObjectException e) {
        continue;
      } catch (TException e) {
        names = secondary.call("list tables of " + db, rpc -> {
          throw e;
        });
      }
      for (String n : names) {
        if (scope.contains(db, n)) {
          keys.add(HiveScope.key(db, n));
        }
      }
    }
    return keys;
  }

  void databases(HiveImage target) {
    for (Database want : target.databases().values()) {
      Database have;
      try {
        have = secondary.rpc().get_database(want.getName());
      } catch (NoSuchObjectException e) {
        have = null;
      } catch (TException e) {
        have = secondary.call("read database " + want.getName(), rpc -> {
          throw e;
        });
      }
      if (have == null) {
        secondary.call("create database " + want.getName(), rpc -> {
          rpc.create_database(want);
          return null;
        });
      } else if (!Objects.equals(have.getParameters(), want.getParameters())
          || !Objects.equals(have.getOwnerName(), want.getOwnerName())
          || !Objects.equals(have.getDescription(), want.getDescription())) {
        Database d = have.deepCopy();
        d.setParameters(want.getParameters());
        d.setOwnerName(want.getOwnerName());
        d.setOwnerType(want.getOwnerType());
        d.setDescription(want.getDescription());
        secondary.call("alter database " + want.getName(), rpc -> {
          rpc.alter_database(want.getName(), d);
          return null;
        });
      }
    }
  }

  /** Makes the tables {@code keys} on the secondary equal to {@code target} (absent there = dropped). */
  Written apply(HiveImage target, Collection<String> keys) {
    HiveImage actual = read(new TreeSet<>(keys));
    Written written = new Written(0, 0);
    for (String key : new TreeSet<>(keys)) {
      HiveImage.TableImage want = target.tables().get(key);
      HiveImage.TableImage have = actual.tables().get(key);
      if (want == null && have == null) {
        continue;
      }
      if (want == null) {
        drop(have.table());
        written = written.plus(new Written(1, 0));
      } else if (have == null || !have.table().getPartitionKeys().equals(want.table().getPartitionKeys())
          || !Objects.equals(have.table().getTableType(), want.table().getTableType())) {
        if (have != null) {
          drop(have.table());
        }
        written = written.plus(create(want));
      } else {
        written = written.plus(update(want, have));
      }
    }
    return written;
  }

  private Written create(HiveImage.TableImage want) {
    Table t = want.table().deepCopy();
    secondary.call("create table " + HiveObjects.key(t), rpc -> {
      rpc.create_table_with_environment_context(t, keepStatistics());
      return null;
    });
    long parts = addPartitions(t, new ArrayList<>(want.partitions().values()));
    // Statistics last: they belong to columns and partitions, which must exist first.
    HmsColumnStatistics.write(secondary, want, null);
    return new Written(1, parts);
  }

  private Written update(HiveImage.TableImage want, HiveImage.TableImage have) {
    long tables = 0;
    Table t = want.table();
    if (!MetastoreDigest.describe(t).equals(MetastoreDigest.describe(have.table()))) {
      Table w = t.deepCopy();
      secondary.call("alter table " + HiveObjects.key(t), rpc -> {
        rpc.alter_table_with_environment_context(t.getDbName(), t.getTableName(), w, keepStatistics());
        return null;
      });
      tables = 1;
    }
    List<Partition> add = new ArrayList<>();
    List<Partition> alter = new ArrayList<>();
    long dropped = 0;
    for (var e : want.partitions().entrySet()) {
      Partition h = have.partitions().get(e.getKey());
      if (h == null) {
        add.add(e.getValue());
      } else if (!MetastoreDigest.describe(e.getKey(), e.getValue()).equals(MetastoreDigest.describe(e.getKey(), h))) {
        alter.add(e.getValue());
      }
    }
    for (var e : have.partitions().entrySet()) {
      if (!want.partitions().containsKey(e.getKey())) {
        Partition p = e.getValue();
        secondary.call("drop partition " + e.getKey() + " of " + HiveObjects.key(t), rpc ->
            rpc.drop_partition(t.getDbName(), t.getTableName(), p.getValues(), false));
        dropped++;
      }
    }
    long added = addPartitions(t, add);
    alterPartitions(t, alter);
    long partitions = added + alter.size() + dropped;
    if (tables > 0 || !alter.isEmpty()) {
      // An altered schema or partition may have lost statistics on the secondary: compare with what is left.
      // (Added partitions have none yet, dropped ones took theirs along: what was read still holds for them.)
      HiveImage.TableImage now = new HiveImage.TableImage(t);
      now.partitions().putAll(want.partitions());
      HmsColumnStatistics.read(secondary, now);
      have = now;
    }
    long stats = HmsColumnStatistics.write(secondary, want, have);
    // An object whose statistics were written counts as written (the table, or its partitions).
    return t.getPartitionKeys().isEmpty() ? new Written(Math.max(tables, stats), partitions)
        : new Written(tables, partitions + stats);
  }

  private long addPartitions(Table t, List<Partition> parts) {
    List<Partition> fix = new ArrayList<>();
    Map<String, Partition> wanted = new HashMap<>();
    for (int i = 0; i < parts.size(); i += BATCH) {
      List<Partition> batch = new ArrayList<>();
      for (Partition p : parts.subList(i, Math.min(parts.size(), i + BATCH))) {
        batch.add(p.deepCopy());
        wanted.put(HiveObjects.partitionName(t, p.getValues()), p);
      }
      AddPartitionsRequest rq = new AddPartitionsRequest(t.getDbName(), t.getTableName(), batch, false);
      rq.setNeedResult(true);
      List<Partition> stored = secondary.call("add partitions to " + HiveObjects.key(t),
          rpc -> rpc.add_partitions_req(rq)).getPartitions();
      // A metastore that gathers statistics on add (no environment context reaches add_partitions on Hive 3)
      // may have rewritten the parameters: set them back.
      for (Partition s : stored == null ? List.<Partition>of() : stored) {
        String name = HiveObjects.partitionName(t, s.getValues());
        Partition w = wanted.get(name);
        if (w != null && !MetastoreDigest.describe(name, w).equals(MetastoreDigest.describe(name, s))) {
          fix.add(w);
        }
      }
    }
    alterPartitions(t, fix);
    return parts.size();
  }

  private void alterPartitions(Table t, List<Partition> parts) {
    for (int i = 0; i < parts.size(); i += BATCH) {
      List<Partition> batch = parts.subList(i, Math.min(parts.size(), i + BATCH)).stream().map(Partition::deepCopy)
          .toList();
      secondary.call("alter partitions of " + HiveObjects.key(t), rpc -> {
        rpc.alter_partitions_with_environment_context(t.getDbName(), t.getTableName(), batch, keepStatistics());
        return null;
      });
    }
  }

  private void drop(Table t) {
    secondary.call("drop table " + HiveObjects.key(t), rpc -> {
      rpc.drop_table_with_environment_context(t.getDbName(), t.getTableName(), false, keepStatistics());
      return null;
    });
  }

  private static EnvironmentContext keepStatistics() {
    EnvironmentContext c = new EnvironmentContext();
    c.putToProperties(StatsSetupConst.DO_NOT_UPDATE_STATS, StatsSetupConst.TRUE);
    return c;
  }
}
