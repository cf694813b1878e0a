package dev.tandem.hive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TCompactProtocol;

/**
 * A canonical text of each protected object, and their SHA-256. What it covers is what must match between
 * the sites: schema, partition keys and values, storage (formats, serde, location), parameters, view text,
 * owner, column statistics of tables and partitions. What it leaves out differs by nature: create times (set by each metastore), ids, catalog, grants.
 */
public final class MetastoreDigest {
  private static final int MAX_REPORTED = 20;
  /** Parameters each metastore maintains itself. */
  private static final Set<String> SITE_PARAMETERS = Set.of();

  private MetastoreDigest() {}

  public static String of(HiveImage image) {
    MessageDigest sha = sha256();
    image.databases().forEach((name, db) -> sha.update(bytes("db " + name + " " + db.getLocationUri() + " "
        + new TreeMap<>(db.getParameters() == null ? Map.of() : db.getParameters()) + "\n")));
    image.tables().forEach((key, t) -> {
      sha.update(bytes(describe(t.table())));
      sha.update(bytes(describe(t.statistics())));
      new TreeMap<>(t.partitions()).forEach((name, p) -> {
        sha.update(bytes(describe(name, p)));
        sha.update(bytes(describe(t.partitionStatistics().get(name))));
      });
    });
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The differences between what the secondary shows and what it should show, at most 20. Both images are
   * in the secondary's form.
   */
  public static List<String> compare(HiveImage expected, HiveImage actual) {
    List<String> out = new ArrayList<>();
    for (String key : union(expected.tables().keySet(), actual.tables().keySet())) {
      HiveImage.TableImage e = expected.tables().get(key);
      HiveImage.TableImage a = actual.tables().get(key);
      if (e == null) {
        note(out, "extra table on secondary: " + key);
      } else if (a == null) {
        note(out, "missing table on secondary: " + key);
      } else {
        String de = describe(e.table());
        String da = describe(a.table());
        if (!de.equals(da)) {
          note(out, "table " + key + " differs: expected " + de.strip() + " but found " + da.strip());
        }
        statistics(out, "table " + key, e.statistics(), a.statistics());
        for (String part : union(e.partitions().keySet(), a.partitions().keySet())) {
          Partition pe = e.partitions().get(part);
          Partition pa = a.partitions().get(part);
          if (pe == null) {
            note(out, "extra partition on secondary: " + key + "/" + part);
          } else if (pa == null) {
            note(out, "missing partition on secondary: " + key + "/" + part);
          } else {
            if (!describe(part, pe).equals(describe(part, pa))) {
              note(out, "partition " + key + "/" + part + " differs: expected " + describe(part, pe).strip()
                  + " but found " + describe(part, pa).strip());
            }
            statistics(out, "partition " + key + "/" + part, e.partitionStatistics().get(part),
                a.partitionStatistics().get(part));
          }
        }
      }
    }
    return out;
  }

  /**
   * The first difference between two states of one table, or null when they are equal; either may be absent.
   * Worded as {@link #compare} words it, {@code actual} in the place of the secondary's.
   */
  static String firstDifference(String key, HiveImage.TableImage expected, HiveImage.TableImage actual) {
    if (expected == null || actual == null) {
      return expected == actual ? null : expected == null ? "extra table on secondary: " + key
          : "missing table on secondary: " + key;
    }
    HiveImage x = new HiveImage(0);
    HiveImage y = new HiveImage(0);
    x.tables().put(key, expected);
    y.tables().put(key, actual);
    List<String> d = compare(x, y);
    return d.isEmpty() ? null : d.get(0);
  }

  static String describe(Table t) {
    return "table " + HiveObjects.key(t) + " type=" + t.getTableType() + " owner=" + t.getOwner()
        + " keys=" + columns(t.getPartitionKeys()) + " " + storage(t.getSd()) + " params=" + params(t.getParameters())
        + (HiveObjects.isView(t) ? " view=" + t.getViewOriginalText() + " expanded=" + t.getViewExpandedText() : "")
        + "\n";
  }

  private static void statistics(List<String> out, String what, ColumnStatistics expected, ColumnStatistics actual) {
    String de = describe(expected);
    String da = describe(actual);
    if (!de.equals(da)) {
      note(out, "column statistics of " + what + " differ: expected " + (de.isEmpty() ? "none" : de.strip())
          + " but found " + (da.isEmpty() ? "none" : da.strip()));
    }
  }

  /** Every column statistic of a table: the table's, then each partition's by name. */
  static String statistics(HiveImage.TableImage t) {
    StringBuilder b = new StringBuilder(describe(t.statistics()));
    new TreeMap<>(t.partitionStatistics()).forEach((name, s) -> b.append(name).append(' ').append(describe(s)));
    return b.toString();
  }

  /**
   * Column statistics, one column after the other by name; empty for none. Each column carries a fingerprint
   * of its serialized value besides the readable form, which Thrift abbreviates for long bit vectors.
   */
  static String describe(ColumnStatistics stats) {
    if (stats == null || stats.getStatsObj() == null || stats.getStatsObj().isEmpty()) {
      return "";
    }
    TreeMap<String, String> cols = new TreeMap<>();
    for (ColumnStatisticsObj o : stats.getStatsObj()) {
      cols.put(o.getColName(), o.getColType() + " #" + fingerprint(o.getStatsData()) + " " + o.getStatsData());
    }
    return "stats " + cols + "\n";
  }

  private static String fingerprint(ColumnStatisticsData data) {
    try {
      byte[] b = new TSerializer(new TCompactProtocol.Factory()).serialize(data);
      return HexFormat.of().formatHex(sha256().digest(b), 0, 8);
    } catch (TException e) {
      throw new IllegalStateException("Cannot serialize column statistics " + data, e);
    }
  }

  static String describe(String name, Partition p) {
    return "partition " + name + " values=" + p.getValues() + " " + storage(p.getSd()) + " params="
        + params(p.getParameters()) + "\n";
  }

  private static String storage(StorageDescriptor sd) {
    if (sd == null) {
      return "sd=none";
    }
    return "cols=" + columns(sd.getCols()) + " location=" + sd.getLocation() + " in=" + sd.getInputFormat()
        + " out=" + sd.getOutputFormat() + " serde=" + (sd.getSerdeInfo() == null ? null
        : sd.getSerdeInfo().getSerializationLib() + params(sd.getSerdeInfo().getParameters()))
        + " buckets=" + sd.getNumBuckets() + orEmpty(sd.getBucketCols()) + " sort=" + orEmpty(sd.getSortCols())
        + " compressed=" + sd.isCompressed() + " sdparams=" + params(sd.getParameters());
  }

  /** Thrift leaves an unset list null, and a metastore may return it empty: the same thing. */
  private static List<?> orEmpty(List<?> list) {
    return list == null ? List.of() : list;
  }

  private static String columns(List<FieldSchema> cols) {
    if (cols == null) {
      return "[]";
    }
    StringBuilder b = new StringBuilder("[");
    for (FieldSchema f : cols) {
      b.append(f.getName()).append(':').append(f.getType());
      if (f.getComment() != null && !f.getComment().isEmpty()) {
        b.append("'").append(f.getComment()).append("'");
      }
      b.append(',');
    }
    return b.append(']').toString();
  }

  private static String params(Map<String, String> params) {
    if (params == null) {
      return "{}";
    }
    TreeMap<String, String> sorted = new TreeMap<>(params);
    SITE_PARAMETERS.forEach(sorted::remove);
    return sorted.toString();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void note(List<String> out, String text) {
    if (out.size() < MAX_REPORTED) {
      out.add(Objects.requireNonNull(text));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
