package dev.tandem.server.api;

import java.time.Instant;

/**
 * @param openFileCapture whether the site's HDFS snapshots freeze files open for write (FROZEN, LIVE, UNKNOWN;
 *     null until the file system answered), as in {@link SiteHealthDto}
 */
public record SiteStatusDto(String site, boolean local, boolean reachable, Instant lastSeen, String error,
    String openFileCapture) {}
