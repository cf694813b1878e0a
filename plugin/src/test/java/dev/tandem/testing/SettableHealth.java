package dev.tandem.testing;

import dev.tandem.arbiter.Health;
import dev.tandem.arbiter.HealthProbe;

/** A health probe the test sets: an injectable NameNode or metastore outage. */
public final class SettableHealth implements HealthProbe {
  private volatile Health health = Health.up();

  public void nameNode(Health.State state) {
    health = new Health(state, health.metastore(), health.registry(), state == Health.State.UP ? "" : "NameNode " + state);
  }

  @Override
  public Health check() {
    return health;
  }
}
