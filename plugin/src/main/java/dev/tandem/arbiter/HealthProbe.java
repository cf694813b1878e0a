package dev.tandem.arbiter;

/**
 * Checks the local site's NameNode and metastore. Called once per heartbeat on the agent's thread, which
 * abandons a call that takes longer than a heartbeat (and reports the site DOWN), so implementations need not
 * bound their own calls but should not hold resources while blocked. The registry's state is filled in by the
 * agent.
 */
@FunctionalInterface
public interface HealthProbe {
  Health check();
}
