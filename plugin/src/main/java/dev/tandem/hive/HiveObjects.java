package dev.tandem.hive;

import dev.tandem.model.TandemException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.hive.metastore.Warehouse;
import org.apache.hadoop.hive.metastore.api.ClientCapabilities;
import org.apache.hadoop.hive.metastore.api.ClientCapability;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;

/** Small pure helpers over metastore objects. */
final class HiveObjects {
  static final String VIEW = "VIRTUAL_VIEW";
  static final String MANAGED = "MANAGED_TABLE";
  static final String EXTERNAL = "EXTERNAL_TABLE";

  /** Lets the metastore hand out insert-only tables, so that the planner can name and refuse them. */
  static final ClientCapabilities CAPABILITIES = new ClientCapabilities(List.of(ClientCapability.INSERT_ONLY_TABLES));

  private HiveObjects() {}

  static String key(Table t) {
    return HiveScope.key(t.getDbName(), t.getTableName());
  }

  static String partitionName(Table t, List<String> values) {
    try {
      return Warehouse.makePartName(t.getPartitionKeys(), values);
    } catch (MetaException e) {
      throw new TandemException("Bad partition values " + values + " of " + key(t) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The partition's name when {@code values} give one value per partition key of {@code t}; empty otherwise.
   * A primary read while another client changes the table can return such a partition: one being dropped
   * (the metastore reads a partition's values in a query of their own, after the partition's row, and finds
   * none left), or one of a table dropped and created again under the same name since {@code t} was read.
   * Either change has its events after the read's event id, and replaying them puts the partition right.
   */
  static Optional<String> partitionNameIfWhole(Table t, List<String> values) {
    List<FieldSchema> keys = t.getPartitionKeys();
    if (keys == null || keys.isEmpty() || values == null || values.size() != keys.size()
        || values.stream().anyMatch(Objects::isNull)) {
      return Optional.empty();
    }
    return Optional.of(partitionName(t, values));
  }

  static boolean isView(Table t) {
    return VIEW.equals(t.getTableType());
  }

  static boolean isTransactional(Table t) {
    return t.getParameters() != null && "true".equalsIgnoreCase(t.getParameters().get("transactional"));
  }

  /** The object as the secondary keeps it: locations on the secondary, names lower case, no site identity. */
  static Table forSecondary(Table t, LocationRewriter rewriter) {
    Table c = t.deepCopy();
    c.setDbName(c.getDbName().toLowerCase(Locale.ROOT));
    c.setTableName(c.getTableName().toLowerCase(Locale.ROOT));
    rewrite(c.getSd(), rewriter);
    c.unsetId();
    c.unsetPrivileges();
    c.unsetCatName();
    return c;
  }

  static Partition forSecondary(Partition p, LocationRewriter rewriter) {
    Partition c = p.deepCopy();
    c.setDbName(c.getDbName().toLowerCase(Locale.ROOT));
    c.setTableName(c.getTableName().toLowerCase(Locale.ROOT));
    rewrite(c.getSd(), rewriter);
    c.unsetPrivileges();
    c.unsetCatName();
    return c;
  }

  static Database forSecondary(Database d, LocationRewriter rewriter) {
    Database c = d.deepCopy();
    c.setName(c.getName().toLowerCase(Locale.ROOT));
    if (c.isSetLocationUri()) {
      c.setLocationUri(rewriter.toSecondary(c.getLocationUri()));
    }
    if (c.isSetManagedLocationUri()) {
      c.setManagedLocationUri(rewriter.toSecondary(c.getManagedLocationUri()));
    }
    c.unsetPrivileges();
    c.unsetCatalogName();
    c.unsetCreateTime();
    return c;
  }

  private static void rewrite(StorageDescriptor sd, LocationRewriter rewriter) {
    if (sd != null && sd.isSetLocation()) {
      sd.setLocation(rewriter.toSecondary(sd.getLocation()));
    }
  }

  static String location(Table t) {
    return t.getSd() == null ? null : t.getSd().getLocation();
  }

  static String location(Partition p) {
    return p.getSd() == null ? null : p.getSd().getLocation();
  }

  /**
   * Whether {@code t}, as read earlier from {@code client}'s metastore, is gone or was created again since. A
   * metastore may fail a read of a table that another client drops at that moment with an error of its own
   * (Derby: "Exception rolling back to savepoint", "No such database row") instead of "no such object"; a
   * reader that gets one asks this to tell a drop (which the notification log records) from a real failure.
   */
  static boolean goneOrCreatedAgain(HmsClient client, Table t) {
    org.apache.hadoop.hive.metastore.api.GetTableRequest rq =
        new org.apache.hadoop.hive.metastore.api.GetTableRequest(t.getDbName(), t.getTableName());
    rq.setCapabilities(CAPABILITIES);
    java.util.Optional<Table> now = client.find("read table " + key(t), rpc -> rpc.get_table_req(rq).getTable());
    return now.isEmpty() || now.get().getCreateTime() != t.getCreateTime();
  }
}
