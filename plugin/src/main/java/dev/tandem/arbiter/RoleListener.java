package dev.tandem.arbiter;

/**
 * Told when a site's role changes. Called on the agent's thread after the change: a site that was
 * {@link Role#ACTIVE} had already stopped being so when this runs (its {@code role()} answered the new role first),
 * so a listener that stops writers is a courtesy, not what makes the fence hold.
 */
@FunctionalInterface
public interface RoleListener {
  void roleChanged(PairKey pair, Role before, Role now, Epoch epoch);
}
