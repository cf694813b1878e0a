package dev.tandem.hive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;

/**
 * Column statistics of one table image: read from a metastore (the table's for an unpartitioned table, each
 * partition's for a partitioned one, which is where Hive keeps them), and written to the secondary where they
 * differ. Hive 3.1 RPCs only: {@code get_table_statistics_req}, {@code get_partitions_statistics_req},
 * {@code set_aggr_stats_for} (without merge: the given columns replace the stored ones) and
 * {@code delete_*_column_statistics} for columns the primary no longer has statistics of.
 *
 * <p>The names in a statistics object's descriptor are set when writing, from the table as it is then, so a
 * renamed table's statistics need no rewriting in the image.
 */
final class HmsColumnStatistics {
  /** Hive 4 keeps statistics per engine; a Hive 3.1 metastore ignores the field. */
  private static final String ENGINE = "hive";
  private static final int PARTITION_BATCH = 500;

  private HmsColumnStatistics() {}

  /** {@link #read} for many tables, over a few connections to the metastore at {@code uri} at once. */
  static void readAll(String uri, List<HiveImage.TableImage> images) {
    if (!images.isEmpty()) {
      HmsParallel.run(uri, images, (client, batch) -> {
        batch.forEach(t -> read(client, t));
        return batch.size();
      });
    }
  }

  /**
   * Replaces the image's statistics with what {@code client}'s metastore holds for its table and partitions:
   * none for a table dropped meanwhile (on the primary, by a client that keeps changing it: its drop is in the
   * events, or the table is gone only after the cut and its statistics are as of this read, like all others).
   */
  static void read(HmsClient client, HiveImage.TableImage image) {
    Table t = image.table();
    image.statistics(null);
    image.partitionStatistics().clear();
    List<String> cols = columns(t);
    if (cols.isEmpty()) {
      return;
    }
    if (t.getPartitionKeys().isEmpty()) {
      TableStatsRequest rq = new TableStatsRequest(t.getDbName(), t.getTableName(), cols);
      rq.setEngine(ENGINE);
      List<ColumnStatisticsObj> objs = findUnlessDropped(client, t, "read the column statistics of "
          + HiveObjects.key(t), rpc -> rpc.get_table_statistics_req(rq)).map(r -> r.getTableStats()).orElse(null);
      if (objs != null && !objs.isEmpty()) {
        image.statistics(of(objs));
      }
      return;
    }
    List<String> names = new ArrayList<>(image.partitions().keySet());
    for (int i = 0; i < names.size(); i += PARTITION_BATCH) {
      PartitionsStatsRequest rq = new PartitionsStatsRequest(t.getDbName(), t.getTableName(), cols,
          new ArrayList<>(names.subList(i, Math.min(names.size(), i + PARTITION_BATCH))));
      rq.setEngine(ENGINE);
      Map<String, List<ColumnStatisticsObj>> found = findUnlessDropped(client, t, "read the column statistics of "
          + "the partitions of " + HiveObjects.key(t), rpc -> rpc.get_partitions_statistics_req(rq))
          .map(r -> r.getPartStats()).orElse(null);
      if (found == null) {
        return;
      }
      if (found != null) {
        found.forEach((name, objs) -> {
          if (objs != null && !objs.isEmpty() && image.partitions().containsKey(name)) {
            image.partitionStatistics().put(name, of(objs));
          }
        });
      }
    }
  }

  /** {@link HmsClient#find}, empty also when the read failed because another client dropped the table meanwhile. */
  private static <T> java.util.Optional<T> findUnlessDropped(HmsClient client, Table t, String what,
      HmsClient.Call<T> call) {
    try {
      return client.find(what, call);
    } catch (dev.tandem.model.PeerUnavailableException e) {
      throw e;
    } catch (dev.tandem.model.TandemException e) {
      if (HiveObjects.goneOrCreatedAgain(client, t)) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Makes the secondary's statistics of {@code want}'s table equal to the image's. {@code have} is what the
   * secondary holds (its statistics read by {@link #read}), or null for a table just created.
   *
   * @return how many objects (the table, partitions) had their statistics written
   */
  static long write(HmsClient secondary, HiveImage.TableImage want, HiveImage.TableImage have) {
    Table t = want.table();
    long written = 0;
    if (t.getPartitionKeys().isEmpty()) {
      ColumnStatistics had = have == null ? null : have.statistics();
      if (!MetastoreDigest.describe(want.statistics()).equals(MetastoreDigest.describe(had))) {
        deleteMissing(secondary, t, null, want.statistics(), had);
        if (want.statistics() != null) {
          set(secondary, t, List.of(withDesc(want.statistics(), t, null)));
        }
        written++;
      }
      return written;
    }
    List<ColumnStatistics> changed = new ArrayList<>();
    Set<String> names = new HashSet<>(want.partitionStatistics().keySet());
    if (have != null) {
      names.addAll(have.partitionStatistics().keySet());
    }
    for (String name : names) {
      ColumnStatistics w = want.partitionStatistics().get(name);
      ColumnStatistics h = have == null ? null : have.partitionStatistics().get(name);
      if (!want.partitions().containsKey(name) || MetastoreDigest.describe(w).equals(MetastoreDigest.describe(h))) {
        continue;
      }
      deleteMissing(secondary, t, name, w, h);
      if (w != null) {
        changed.add(withDesc(w, t, name));
      }
      written++;
    }
    for (int i = 0; i < changed.size(); i += PARTITION_BATCH) {
      set(secondary, t, changed.subList(i, Math.min(changed.size(), i + PARTITION_BATCH)));
    }
    return written;
  }

  private static void set(HmsClient secondary, Table t, List<ColumnStatistics> stats) {
    SetPartitionsStatsRequest rq = new SetPartitionsStatsRequest(new ArrayList<>(stats));
    rq.setEngine(ENGINE);
    secondary.call("set the column statistics of " + HiveObjects.key(t), rpc -> rpc.set_aggr_stats_for(rq));
  }

  /** Drops the statistics of columns the secondary has and the image does not: setting never removes any. */
  private static void deleteMissing(HmsClient secondary, Table t, String partition, ColumnStatistics want,
      ColumnStatistics have) {
    if (have == null) {
      return;
    }
    Set<String> keep = new HashSet<>();
    if (want != null) {
      want.getStatsObj().forEach(o -> keep.add(o.getColName()));
    }
    for (ColumnStatisticsObj o : have.getStatsObj()) {
      if (keep.contains(o.getColName())) {
        continue;
      }
      String col = o.getColName();
      secondary.call("delete the statistics of column " + col + " of " + HiveObjects.key(t)
          + (partition == null ? "" : "/" + partition), rpc -> partition == null
          ? rpc.delete_table_column_statistics(t.getDbName(), t.getTableName(), col, ENGINE)
          : rpc.delete_partition_column_statistics(t.getDbName(), t.getTableName(), partition, col, ENGINE));
    }
  }

  private static ColumnStatistics of(List<ColumnStatisticsObj> objs) {
    ColumnStatistics s = new ColumnStatistics(new ColumnStatisticsDesc(true, "", ""), new ArrayList<>(objs));
    s.setEngine(ENGINE);
    return s;
  }

  private static ColumnStatistics withDesc(ColumnStatistics stats, Table t, String partition) {
    ColumnStatistics c = stats.deepCopy();
    ColumnStatisticsDesc d = new ColumnStatisticsDesc(partition == null, t.getDbName(), t.getTableName());
    if (partition != null) {
      d.setPartName(partition);
    }
    c.setStatsDesc(d);
    c.setEngine(ENGINE);
    return c;
  }

  private static List<String> columns(Table t) {
    if (HiveObjects.isView(t) || t.getSd() == null || t.getSd().getCols() == null) {
      return List.of();
    }
    return t.getSd().getCols().stream().map(FieldSchema::getName).toList();
  }
}
