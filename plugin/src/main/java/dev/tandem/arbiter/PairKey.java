package dev.tandem.arbiter;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.SiteId;

/**
 * The two sites of a cluster pair without direction, in name order. Failover flips which site replicates to
 * which ({@link ClusterPair} always names the current direction); the key of the pair's arbitration state does
 * not change. Rendered {@code east+west}: site names cannot contain '+'.
 */
public record PairKey(SiteId first, SiteId second) {
  public PairKey {
    InvalidInputException.check(first != null && second != null, "pair", "A pair needs two sites");
    InvalidInputException.check(!first.equals(second), "pair", "A pair needs two different sites (both are '%s')",
        first);
    if (first.value().compareTo(second.value()) > 0) {
      SiteId t = first;
      first = second;
      second = t;
    }
  }

  public static PairKey of(ClusterPair pair) {
    return new PairKey(pair.primary(), pair.secondary());
  }

  public static PairKey of(SiteId a, SiteId b) {
    return new PairKey(a, b);
  }

  /** Parses {@code east+west}; {@code east--west} (a pair id) is accepted too. */
  public static PairKey parse(String text) {
    InvalidInputException.check(text != null && !text.isBlank(), "pair", "Pair is required (e.g. east+west)");
    String[] parts = text.contains("+") ? text.split("\\+", -1) : text.split("--", -1);
    InvalidInputException.check(parts.length == 2, "pair", "Invalid pair '%s': use <site>+<site>", text);
    return new PairKey(SiteId.of(parts[0]), SiteId.of(parts[1]));
  }

  public boolean contains(SiteId site) {
    return first.equals(site) || second.equals(site);
  }

  /** The site of the pair that is not {@code site}. */
  public SiteId other(SiteId site) {
    InvalidInputException.check(contains(site), "site", "Site '%s' is not part of pair %s", site, this);
    return first.equals(site) ? second : first;
  }

  /** The pair replicating from {@code source} to the other site. */
  public ClusterPair from(SiteId source) {
    return new ClusterPair(source, other(source));
  }

  public String value() {
    return first.value() + "+" + second.value();
  }

  @Override
  public String toString() {
    return value();
  }
}
