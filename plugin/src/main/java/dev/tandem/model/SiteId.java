package dev.tandem.model;

/** Name of a site (one cluster and its manager), e.g. {@code dc1-prod}. */
public record SiteId(String value) {
  public SiteId {
    Names.check(Names.IDENTIFIER, value, "site", Names.IDENTIFIER_RULE);
    // A pair's name is "<primary>--<secondary>": a site id with "--" or a trailing '-' would make it ambiguous.
    InvalidInputException.check(!value.contains("--") && !value.endsWith("-"), "site",
        "Invalid site name '%s' (no '--' and no trailing '-': pair names join two sites with '--')", value);
  }

  public static SiteId of(String value) {
    return new SiteId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
