package dev.tandem.arbiter;

/** What a site's server believes its site is, for one pair. Only {@link #ACTIVE} lets applications write. */
public enum Role {
  /** Named by the highest epoch it can see, promotion done, healthy, and its lease is fresh. */
  ACTIVE,
  /** Named by the highest epoch, but not ready yet: draining the old active or running promotion steps. */
  PROMOTING,
  /**
   * Named by the highest epoch but unable to prove it may write: its lease lapsed (neither the peer's registry nor
   * an arbiter confirmed it recently), it is unhealthy, or its own registry is not connected.
   */
  FENCED,
  /** Another site is named active. */
  STANDBY
}
