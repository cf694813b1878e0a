package dev.tandem.engine.fake;

import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.SiteHandle;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.Site;
import java.util.List;

/**
 * The {@link SiteConnections} of a {@link FakePair}: what a {@code ControlPlane} opens, in memory. Replication runs
 * from the pair's primary to its secondary only.
 */
public final class FakeSiteConnections implements SiteConnections {
  private final FakePair pair;

  public FakeSiteConnections(FakePair pair) {
    this.pair = pair;
  }

  @Override
  public SiteHandle open(Site site) {
    for (FakeSite s : List.of(pair.primary, pair.secondary)) {
      if (s.site.id().equals(site.id())) {
        return s.handle();
      }
    }
    throw new NotFoundException("No fake site " + site.id());
  }

  @Override
  public FileReplicator replicator(Site from, Site to) {
    if (!from.id().equals(pair.primary.site.id()) || !to.id().equals(pair.secondary.site.id())) {
      throw new UnsupportedOperationException("The fake pair replicates " + pair.primary.site.id() + " to "
          + pair.secondary.site.id() + " only");
    }
    return pair.replicator;
  }

  @Override
  public void close() {}
}
