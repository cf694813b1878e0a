package dev.tandem.engine;

import dev.tandem.model.Site;

/** Opens the adapters of a site and the replication path between two sites. Implementations cache clients. */
public interface SiteConnections extends AutoCloseable {
  SiteHandle open(Site site);

  FileReplicator replicator(Site from, Site to);

  /** The metastore side of replication from one site to the other; {@link MetastoreReplicator#NONE} without Hive. */
  default MetastoreReplicator metastore(Site from, Site to) {
    return MetastoreReplicator.NONE;
  }

  /** The site's files as a restore uses them. */
  default RestoreFiles restoreFiles(Site site) {
    throw new UnsupportedOperationException("Restores are not supported by " + getClass().getSimpleName());
  }

  /**
   * The site's metastore as a restore uses it, with the images of the cuts kept at {@code imageSite} (the group's
   * secondary); empty when either site has no metastore.
   */
  default java.util.Optional<RestoreTables> restoreTables(Site site, Site imageSite) {
    return java.util.Optional.empty();
  }

  @Override
  void close();
}
