package dev.tandem.model;

import java.util.regex.Pattern;

/** Name of a site (one cluster and its manager), e.g. {@code dc1-prod}. */
public record SiteId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  public SiteId {
    Names.check(VALID, value, "site", "lower-case letters, digits, '-' or '_', starting with a letter, at most 63");
  }

  public static SiteId of(String value) {
    return new SiteId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
