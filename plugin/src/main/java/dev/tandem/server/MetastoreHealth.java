package dev.tandem.server;

import dev.tandem.arbiter.Health;
import dev.tandem.model.Site;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local site's metastore as the site agent reports it: ABSENT without a metastore, else the answer of the
 * latest {@link #refresh} (a listing of databases through the server's {@link HiveCatalog}). Refreshed on the
 * health monitor's tick, not per heartbeat: a metastore connection per heartbeat would cost more than it tells.
 */
final class MetastoreHealth implements Supplier<Health.State> {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreHealth.class);

  private final Site site;
  private final HiveCatalog hive;
  private volatile Health.State state;

  MetastoreHealth(Site site, HiveCatalog hive) {
    this.site = site;
    this.hive = hive;
    this.state = site.metastoreUri().isBlank() ? Health.State.ABSENT : Health.State.UP;
  }

  void refresh() {
    if (site.metastoreUri().isBlank()) {
      return;
    }
    Health.State before = state;
    try {
      hive.databases(site);
      state = Health.State.UP;
    } catch (RuntimeException e) {
      state = Health.State.DOWN;
      if (before != Health.State.DOWN) {
        LOG.warn("Metastore of site {} does not answer: {}", site.id(), e.getMessage());
      }
    }
  }

  @Override
  public Health.State get() {
    return state;
  }
}
