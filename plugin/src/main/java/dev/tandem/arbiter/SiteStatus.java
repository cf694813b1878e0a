package dev.tandem.arbiter;

import dev.tandem.model.SiteId;
import java.time.Instant;
import java.util.Map;

/**
 * A site's heartbeat for one pair, published by its server to its own registry and to the peer's. Readers
 * detect a stale status by {@code sequence} not advancing on their own clock, never by comparing
 * {@code publishedAt} with their clock (the sites' clocks may differ); {@code publishedAt} is for people.
 *
 * @param epoch the epoch number the site knows
 * @param lastGoodCuts group name → last good cut id in the site's registry
 */
public record SiteStatus(SiteId site, long epoch, Role role, Health health, Map<String, String> lastGoodCuts,
    long sequence, Instant publishedAt) {
  public SiteStatus {
    lastGoodCuts = lastGoodCuts == null ? Map.of() : Map.copyOf(lastGoodCuts);
  }
}
