package dev.tandem.server.api;

import java.time.Instant;

/**
 * The background health monitor's latest view of a site.
 *
 * @param reachable registry and file system both answered at the last check
 * @param lastSeen the last time both answered; null if never
 */
public record SiteHealthDto(boolean reachable, Instant lastSeen, Instant checkedAt, String error, CheckDto registry,
    CheckDto fileSystem) {}
