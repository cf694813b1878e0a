package dev.tandem.server.api;

import java.time.Instant;

/**
 * A site's latest published status for a pair. {@code role}: ACTIVE, PROMOTING, FENCED, STANDBY, or NONE when it
 * never published one (its server does not run arbitration); {@code epoch}: the epoch number the site knows.
 */
public record PairSiteDto(String site, String role, long epoch, boolean healthy, String healthDetail,
    Instant publishedAt) {}
