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

  @Override
  void close();
}
