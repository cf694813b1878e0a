package dev.tandem.model;

/** Name of a site (one cluster and its manager), e.g. {@code dc1-prod}. */
public record SiteId(String value) {
  public SiteId {
    Names.check(Names.IDENTIFIER, value, "site", Names.IDENTIFIER_RULE);
  }

  public static SiteId of(String value) {
    return new SiteId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
