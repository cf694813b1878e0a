package dev.tandem.hive;

import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.Site;
import dev.tandem.server.HiveCatalog;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.thrift.TException;

/** The server's Hive pickers over the site's metastore (the same Hive 3.1 calls replication uses). */
public final class HmsHiveCatalog implements HiveCatalog {
  private static final int TIMEOUT_MS = 10_000;

  @Override
  public List<String> databases(Site site) {
    try (HmsClient client = connect(site)) {
      return client.call("list databases", rpc -> rpc.get_all_databases()).stream().sorted().toList();
    }
  }

  @Override
  public List<String> tables(Site site, String database) {
    try (HmsClient client = connect(site)) {
      try {
        client.rpc().get_database(database);
      } catch (NoSuchObjectException e) {
        throw new NotFoundException("Unknown Hive database '" + database + "' at site " + site.id());
      } catch (TException e) {
        client.call("read database " + database, rpc -> {
          throw e;
        });
      }
      return client.call("list the tables of " + database, rpc -> rpc.get_all_tables(database)).stream().sorted()
          .toList();
    }
  }

  private static HmsClient connect(Site site) {
    if (site.metastoreUri().isBlank()) {
      throw new PeerUnavailableException("Site " + site.id() + " has no Hive metastore configured "
          + "(tandem.hive.metastore.uris)", null);
    }
    return HmsClient.connect(site.metastoreUri(), TIMEOUT_MS);
  }
}
