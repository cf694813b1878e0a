package dev.tandem.model;

/** A primary site whose services are protected on a secondary site. */
public record ClusterPair(SiteId primary, SiteId secondary) {
  public ClusterPair {
    InvalidInputException.check(primary != null, "primary", "Primary site is required");
    InvalidInputException.check(secondary != null, "secondary", "Secondary site is required");
    InvalidInputException.check(!primary.equals(secondary), "secondary",
        "Primary and secondary must be different sites (both are '%s')", primary);
  }

  /** Stable identifier used as the pair's znode name. */
  public String id() {
    return primary.value() + "--" + secondary.value();
  }

  public ClusterPair reversed() {
    return new ClusterPair(secondary, primary);
  }
}
