package dev.tandem.hive;

import dev.tandem.hdfs.HdfsSites;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.Site;
import dev.tandem.model.TandemException;
import dev.tandem.runtime.HadoopSiteConnections;
import dev.tandem.switchover.PromotionContext;
import dev.tandem.switchover.PromotionStep;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Puts the promoted site's metastore objects of each group back to the group's last good cut, alone (the other
 * site may be gone): the same repair a run's RECOVER step does, but from the promoted site's own image store.
 * Each run writes the image of its cut to the secondary before touching a table and marks the cut being applied;
 * a marker naming a cut that never committed means a replay was cut short, and the image of the last good cut
 * is written back over it. The tables are then plain tables of the promoted site's metastore, writable as any.
 * Idempotent; a site without a metastore is left alone.
 */
public final class HiveRollback implements PromotionStep {
  private final Configuration conf;

  /** @param conf client configuration for the promoted site's file system, where the images live */
  public HiveRollback(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public String name() {
    return "Hive metastore to the last good cut";
  }

  @Override
  public void apply(PromotionContext context) {
    Site site = context.site().site();
    if (site.metastoreUri().isBlank()) {
      return;
    }
    DistributedFileSystem fs = HdfsSites.fileSystem(site.fileSystemUri(), conf);
    try {
      ImageStore images = new ImageStore(fs, HadoopSiteConnections.METASTORE_IMAGES);
      for (PromotionContext.PromotedGroup g : context.groups()) {
        HiveScope scope = HiveScope.of(g.group());
        if (scope.isEmpty()) {
          continue;
        }
        Optional<CutId> cut = g.cut().map(Cut::id);
        Optional<CutId> applying = images.applying(g.group().name());
        if (applying.isPresent() && !applying.equals(cut)) {
          HiveImage target = cut.map(c -> images.read(g.group().name(), c).orElseThrow(() -> new TandemException(
              "The metastore image of cut " + c + " of group " + g.group().name() + " is missing on " + site.id())))
              .orElseGet(() -> new HiveImage(-1));
          try (HmsClient client = HmsClient.connect(site.metastoreUri(), HmsMetastoreReplicator.TIMEOUT_MS)) {
            SecondaryWriter writer = new SecondaryWriter(client);
            Set<String> keys = new TreeSet<>(writer.tablesInScope(scope));
            keys.addAll(target.tables().keySet());
            SecondaryWriter.Written w = writer.apply(target, keys);
            context.notes().add("Put " + w.tables() + " table(s) and " + w.partitions() + " partition(s) of group "
                + g.group().name() + " in the metastore of " + site.id() + " back to "
                + cut.map(c -> "cut " + c).orElse("their state before the first cut") + " (a replay for cut "
                + applying.get() + " never committed)");
          }
        }
        if (applying.isPresent()) {
          images.clearApplying(g.group().name());
        }
      }
    } finally {
      try {
        fs.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
