package dev.tandem.hive;

import dev.tandem.engine.RestoreTables;
import dev.tandem.model.ConflictException;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;

/**
 * {@link RestoreTables} over a site's metastore, with the cuts' images from the group's secondary (for restores and
 * DR tests). The images
 * hold locations on the secondary's file system; written to the restoring site they move to its own (the path
 * stays, as the cut's files are at the same paths on both sites), then as the restore relocates them. The write
 * is {@link SecondaryWriter}'s: only what differs from the image's objects is created, altered or dropped, and
 * never a file.
 */
public final class HmsRestoreTables implements RestoreTables {
  private final String metastoreUri;
  private final String fileSystemUri;
  private final ImageStore images;
  private final LocationRewriter locations;

  /**
   * @param metastoreUri the restoring site's metastore
   * @param fileSystemUri the restoring site's file system
   * @param imageFs the file system of the group's secondary, where the images are
   */
  public HmsRestoreTables(String metastoreUri, String fileSystemUri, FileSystem imageFs, String imageDir) {
    this.metastoreUri = metastoreUri;
    this.fileSystemUri = fileSystemUri;
    this.images = new ImageStore(imageFs, imageDir);
    // "primary" = the restoring site, "secondary" = where the image's locations point
    this.locations = new LocationRewriter(fileSystemUri, imageFs.getUri().toString());
  }

  @Override
  public Optional<List<TableAtCut>> tablesAtCut(GroupName group, CutId cut) {
    return images.read(group, cut).map(i -> i.tables().values().stream().map(this::atCut).toList());
  }

  @Override
  public Optional<TableAtCut> atCut(GroupName group, CutId cut, String database, String table) {
    return images.read(group, cut).map(i -> i.tables().get(HiveScope.key(database, table))).map(this::atCut);
  }

  private TableAtCut atCut(HiveImage.TableImage t) {
    Map<String, String> partitions = new LinkedHashMap<>();
    t.partitions().forEach((name, p) -> partitions.put(name, path(HiveObjects.location(p))));
    return new TableAtCut(t.table().getDbName(), t.table().getTableName(), path(HiveObjects.location(t.table())),
        !t.table().getPartitionKeys().isEmpty(), partitions, HiveObjects.isTransactional(t.table()));
  }

  @Override
  public Optional<Set<String>> partitionsNow(String database, String table) {
    try (HmsClient client = connect()) {
      org.apache.hadoop.hive.metastore.api.GetTableRequest rq =
          new org.apache.hadoop.hive.metastore.api.GetTableRequest(database, table);
      rq.setCapabilities(HiveObjects.CAPABILITIES);
      return client.find("read table " + database + "." + table, rpc -> rpc.get_table_req(rq).getTable())
          .map(t -> {
            List<String> names = client.call("list the partitions of " + database + "." + table,
                rpc -> rpc.get_partition_names(database, table, (short) -1));
            Set<String> out = new TreeSet<>(names);
            return out;
          });
    }
  }

  @Override
  public boolean databaseExists(String database) {
    try (HmsClient client = connect()) {
      return client.find("read database " + database, rpc -> rpc.get_database(database)).isPresent();
    }
  }

  @Override
  public Optional<Map<String, String>> databaseParameters(String database) {
    try (HmsClient client = connect()) {
      return client.find("read database " + database, rpc -> rpc.get_database(database))
          .map(d -> d.getParameters() == null ? Map.<String, String>of() : Map.copyOf(d.getParameters()));
    }
  }

  @Override
  public void createDatabase(String database, String location, String description, Map<String, String> parameters) {
    Database d = new Database(database, description, fileSystemUri + location, new HashMap<>(parameters));
    try (HmsClient client = connect()) {
      try {
        client.rpc().create_database(d);
      } catch (AlreadyExistsException e) {
        throw new ConflictException("Database " + database + " exists in metastore " + metastoreUri);
      } catch (TException e) {
        client.call("create database " + database, rpc -> {
          throw e;
        });
      }
    }
  }

  @Override
  public long dropDatabase(String database) {
    try (HmsClient client = connect()) {
      Optional<List<String>> tables = client.find("list the tables of " + database, rpc -> rpc.get_all_tables(database));
      if (tables.isEmpty() || client.find("read database " + database, rpc -> rpc.get_database(database)).isEmpty()) {
        return 0;
      }
      // Table by table, each without its data (what a tester may have added to the database too), then the empty
      // database: no call here deletes a file, whatever a table's type and parameters say.
      for (String name : tables.get()) {
        client.find("drop table " + database + "." + name, rpc -> {
          rpc.drop_table_with_environment_context(database, name, false, keepStatistics());
          return Boolean.TRUE;
        });
      }
      client.find("drop database " + database, rpc -> {
        rpc.drop_database(database, false, true);
        return Boolean.TRUE;
      });
      return tables.get().size();
    }
  }

  @Override
  public Written writeExternal(GroupName group, CutId cut, ExternalTable table) {
    HiveImage image = image(group, cut);
    HiveImage.TableImage source = source(image, table.sourceDatabase(), table.sourceTable(), group, cut);
    Table t = table(source.table(), table.targetDatabase(), table.targetTable(), table.relocations());
    t.setTableType(HiveObjects.EXTERNAL);
    Map<String, String> parameters = new HashMap<>(t.getParameters() == null ? Map.of() : t.getParameters());
    // A DR test reads the cut's files and must never delete them, whatever happens to the test table.
    parameters.remove("transactional");
    parameters.remove("transactional_properties");
    parameters.put("EXTERNAL", "TRUE");
    parameters.put("external.table.purge", "false");
    parameters.putAll(table.parameters());
    t.setParameters(parameters);
    HiveImage.TableImage want = new HiveImage.TableImage(t);
    want.statistics(source.statistics());
    for (String name : table.partitions()) {
      Partition p = source.partitions().get(name);
      InvalidInputException.check(p != null, "partitions", "Cut %s has no partition %s of table %s.%s", cut, name,
          table.sourceDatabase(), table.sourceTable());
      want.partitions().put(name, partition(p, table.targetDatabase(), table.targetTable(), table.relocations()));
      Optional.ofNullable(source.partitionStatistics().get(name)).ifPresent(s -> want.partitionStatistics().put(name, s));
    }
    String key = HiveScope.key(table.targetDatabase(), table.targetTable());
    HiveImage target = new HiveImage(image.eventId());
    target.tables().put(key, want);
    try (HmsClient client = connect()) {
      SecondaryWriter.Written w = new SecondaryWriter(client).apply(target, List.of(key));
      return new Written(w.tables(), w.partitions());
    }
  }

  @Override
  public Written write(GroupName group, CutId cut, TableRestore restore) {
    HiveImage image = image(group, cut);
    HiveImage.TableImage source = source(image, restore.sourceDatabase(), restore.sourceTable(), group, cut);
    String key = HiveScope.key(restore.targetDatabase(), restore.targetTable());
    try (HmsClient client = connect()) {
      SecondaryWriter writer = new SecondaryWriter(client);
      HiveImage.TableImage now = writer.read(List.of(key)).tables().get(key);
      HiveImage.TableImage want;
      List<String> restored = restore.partitions().isEmpty() ? List.copyOf(source.partitions().keySet())
          : restore.partitions();
      if (restore.partitions().isEmpty() || now == null) {
        want = new HiveImage.TableImage(table(source.table(), restore.targetDatabase(), restore.targetTable(),
            restore.relocations()));
        want.statistics(source.statistics());
      } else {
        InvalidInputException.check(now.table().getPartitionKeys().equals(source.table().getPartitionKeys()),
            "partitions", "The partition keys of table %s differ from cut %s's: restore the whole table", key, cut);
        want = now.copy();
      }
      for (String name : restored) {
        want.partitions().put(name, partition(source.partitions().get(name), restore.targetDatabase(),
            restore.targetTable(), restore.relocations()));
        Optional.ofNullable(source.partitionStatistics().get(name)).ifPresentOrElse(
            s -> want.partitionStatistics().put(name, s), () -> want.partitionStatistics().remove(name));
      }
      HiveImage target = new HiveImage(image.eventId());
      target.tables().put(key, want);
      SecondaryWriter.Written w = writer.apply(target, List.of(key));
      return new Written(w.tables(), w.partitions());
    }
  }

  private HiveImage image(GroupName group, CutId cut) {
    return images.read(group, cut).orElseThrow(() -> new NotFoundException("The metastore image of cut " + cut
        + " of group " + group + " is missing"));
  }

  private static HiveImage.TableImage source(HiveImage image, String database, String table, GroupName group,
      CutId cut) {
    HiveImage.TableImage source = image.tables().get(HiveScope.key(database, table));
    if (source == null) {
      throw new InvalidInputException("table", "Table " + database + "." + table + " is not in cut " + cut
          + " of group " + group);
    }
    return source;
  }

  private Table table(Table cut, String database, String name, Map<String, String> relocations) {
    Table t = cut.deepCopy();
    t.setDbName(database);
    t.setTableName(name);
    relocate(t.getSd(), relocations);
    return t;
  }

  private Partition partition(Partition cut, String database, String table, Map<String, String> relocations) {
    Partition p = cut.deepCopy();
    p.setDbName(database);
    p.setTableName(table);
    relocate(p.getSd(), relocations);
    return p;
  }

  /** The image's location on the restoring site's file system, moved where the restore puts the directory. */
  private void relocate(StorageDescriptor sd, Map<String, String> relocations) {
    if (sd == null || !sd.isSetLocation()) {
      return;
    }
    locations.pathOnSecondary(sd.getLocation()).ifPresent(p ->
        sd.setLocation(fileSystemUri + relocations.getOrDefault(p, p)));
  }

  private static EnvironmentContext keepStatistics() {
    EnvironmentContext c = new EnvironmentContext();
    c.putToProperties(StatsSetupConst.DO_NOT_UPDATE_STATS, StatsSetupConst.TRUE);
    return c;
  }

  /** A location of the image as a scheme-less path; "" for none (a view) or another file system's. */
  private String path(String location) {
    return locations.pathOnSecondary(location).orElse("");
  }

  private HmsClient connect() {
    return HmsClient.connect(metastoreUri, HmsMetastoreReplicator.TIMEOUT_MS);
  }
}
