package dev.tandem.server.api;

import java.time.Instant;

/**
 * One site's latest published status for a pair. {@code role}: ACTIVE, STANDBY, FENCED, ... or NONE when it never
 * published one (its server does not run). {@code stale}: its sequence has not moved for three heartbeats as
 * this server watched it; null until this server has watched it for that long.
 */
public record ArbitrationSiteDto(String site, String role, boolean healthy, String healthDetail, long epoch,
    long sequence, Instant publishedAt, Boolean stale) {}
