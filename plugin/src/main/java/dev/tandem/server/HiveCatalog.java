package dev.tandem.server;

import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.Site;
import java.util.List;

/**
 * Browses a site's Hive metastore for pickers. Implementations talk to the metastore named in the site record;
 * failures to reach it are {@link PeerUnavailableException}, an unknown database
 * {@link dev.tandem.model.NotFoundException}.
 */
public interface HiveCatalog {
  List<String> databases(Site site);

  List<String> tables(Site site, String database);

  /** Until the Hive support (issue 4) provides a metastore client, every call answers 503 with the reason. */
  HiveCatalog UNAVAILABLE = new HiveCatalog() {
    @Override
    public List<String> databases(Site site) {
      throw unavailable(site);
    }

    @Override
    public List<String> tables(Site site, String database) {
      throw unavailable(site);
    }

    private PeerUnavailableException unavailable(Site site) {
      return new PeerUnavailableException(site.metastoreUri().isEmpty()
          ? "Site " + site.id() + " has no Hive metastore configured (tandem.hive.metastore.uris)"
          : "Hive browsing is not available in this build; the metastore client arrives with Hive support", null);
    }
  };
}
