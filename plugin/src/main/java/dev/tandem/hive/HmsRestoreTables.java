package dev.tandem.hive;

import dev.tandem.engine.RestoreTables;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;

/**
 * {@link RestoreTables} over a site's metastore, with the cuts' images from the group's secondary. The images
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
  public Optional<TableAtCut> atCut(GroupName group, CutId cut, String database, String table) {
    return images.read(group, cut).map(i -> i.tables().get(HiveScope.key(database, table))).map(t -> {
      Map<String, String> partitions = new LinkedHashMap<>();
      t.partitions().forEach((name, p) -> partitions.put(name, path(HiveObjects.location(p))));
      return new TableAtCut(database, table, path(HiveObjects.location(t.table())),
          !t.table().getPartitionKeys().isEmpty(), partitions);
    });
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
  public Written write(GroupName group, CutId cut, TableRestore restore) {
    HiveImage image = images.read(group, cut).orElseThrow(() -> new NotFoundException("The metastore image of cut "
        + cut + " of group " + group + " is missing"));
    HiveImage.TableImage source = image.tables().get(HiveScope.key(restore.sourceDatabase(), restore.sourceTable()));
    if (source == null) {
      throw new InvalidInputException("table", "Table " + restore.sourceDatabase() + "." + restore.sourceTable()
          + " is not in cut " + cut + " of group " + group);
    }
    String key = HiveScope.key(restore.targetDatabase(), restore.targetTable());
    try (HmsClient client = connect()) {
      SecondaryWriter writer = new SecondaryWriter(client);
      HiveImage.TableImage now = writer.read(List.of(key)).tables().get(key);
      HiveImage.TableImage want;
      List<String> restored = restore.partitions().isEmpty() ? List.copyOf(source.partitions().keySet())
          : restore.partitions();
      if (restore.partitions().isEmpty() || now == null) {
        want = new HiveImage.TableImage(table(source.table(), restore));
        want.statistics(source.statistics());
      } else {
        InvalidInputException.check(now.table().getPartitionKeys().equals(source.table().getPartitionKeys()),
            "partitions", "The partition keys of table %s differ from cut %s's: restore the whole table", key, cut);
        want = now.copy();
      }
      for (String name : restored) {
        want.partitions().put(name, partition(source.partitions().get(name), restore));
        Optional.ofNullable(source.partitionStatistics().get(name)).ifPresentOrElse(
            s -> want.partitionStatistics().put(name, s), () -> want.partitionStatistics().remove(name));
      }
      HiveImage target = new HiveImage(image.eventId());
      target.tables().put(key, want);
      SecondaryWriter.Written w = writer.apply(target, List.of(key));
      return new Written(w.tables(), w.partitions());
    }
  }

  private Table table(Table cut, TableRestore restore) {
    Table t = cut.deepCopy();
    t.setDbName(restore.targetDatabase());
    t.setTableName(restore.targetTable());
    relocate(t.getSd(), restore);
    return t;
  }

  private Partition partition(Partition cut, TableRestore restore) {
    Partition p = cut.deepCopy();
    p.setDbName(restore.targetDatabase());
    p.setTableName(restore.targetTable());
    relocate(p.getSd(), restore);
    return p;
  }

  /** The image's location on the restoring site's file system, moved where the restore puts the directory. */
  private void relocate(StorageDescriptor sd, TableRestore restore) {
    if (sd == null || !sd.isSetLocation()) {
      return;
    }
    locations.pathOnSecondary(sd.getLocation()).ifPresent(p ->
        sd.setLocation(fileSystemUri + restore.relocations().getOrDefault(p, p)));
  }

  /** A location of the image as a scheme-less path; "" for none (a view) or another file system's. */
  private String path(String location) {
    return locations.pathOnSecondary(location).orElse("");
  }

  private HmsClient connect() {
    return HmsClient.connect(metastoreUri, HmsMetastoreReplicator.TIMEOUT_MS);
  }
}
