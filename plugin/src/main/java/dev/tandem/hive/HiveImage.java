package dev.tandem.hive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;

/**
 * The protected metastore objects of a group as the secondary must show them for one cut: databases, tables
 * with their partitions, locations already rewritten to the secondary's file system. Written next to the
 * cut on the secondary, it is what recovery restores and what the next run's events are applied to.
 *
 * <p>Mutable and confined to one run's thread.
 */
public final class HiveImage {
  private long eventId;
  /** When the objects were last read whole from the primary (epoch ms; 0: unknown, e.g. an older image). */
  private long fullReadAt;
  private final Map<String, Database> databases = new TreeMap<>();
  private final Map<String, TableImage> tables = new TreeMap<>();

  public HiveImage(long eventId) {
    this.eventId = eventId;
  }

  public long eventId() {
    return eventId;
  }

  public void eventId(long value) {
    this.eventId = value;
  }

  public long fullReadAt() {
    return fullReadAt;
  }

  public void fullReadAt(long epochMillis) {
    this.fullReadAt = epochMillis;
  }

  public Map<String, Database> databases() {
    return databases;
  }

  /** Keyed {@code db.table}, lower case. */
  public Map<String, TableImage> tables() {
    return tables;
  }

  public long partitionCount() {
    return tables.values().stream().mapToLong(t -> t.partitions().size()).sum();
  }

  public HiveImage copy() {
    HiveImage c = new HiveImage(eventId);
    c.fullReadAt = fullReadAt;
    databases.forEach((k, v) -> c.databases.put(k, v.deepCopy()));
    tables.forEach((k, v) -> c.tables.put(k, v.copy()));
    return c;
  }

  /**
   * One table: its object, its partitions keyed by partition name, and its column statistics: the table's
   * (unpartitioned tables) or each partition's (partitioned ones, where Hive keeps them), absent when none.
   */
  public static final class TableImage {
    private Table table;
    private final Map<String, Partition> partitions = new LinkedHashMap<>();
    private ColumnStatistics statistics;
    private final Map<String, ColumnStatistics> partitionStatistics = new TreeMap<>();

    public TableImage(Table table) {
      this.table = table;
    }

    public Table table() {
      return table;
    }

    public void table(Table value) {
      this.table = value;
    }

    public Map<String, Partition> partitions() {
      return partitions;
    }

    public ColumnStatistics statistics() {
      return statistics;
    }

    public void statistics(ColumnStatistics value) {
      this.statistics = value;
    }

    /** Keyed by partition name, like {@link #partitions()}; only partitions that have statistics. */
    public Map<String, ColumnStatistics> partitionStatistics() {
      return partitionStatistics;
    }

    TableImage copy() {
      TableImage c = new TableImage(table.deepCopy());
      partitions.forEach((k, v) -> c.partitions.put(k, v.deepCopy()));
      c.statistics = statistics == null ? null : statistics.deepCopy();
      partitionStatistics.forEach((k, v) -> c.partitionStatistics.put(k, v.deepCopy()));
      return c;
    }
  }
}
