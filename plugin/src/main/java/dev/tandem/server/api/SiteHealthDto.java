package dev.tandem.server.api;

import java.time.Instant;

/**
 * The background health monitor's latest view of a site.
 *
 * @param reachable registry and file system both answered at the last check
 * @param lastSeen the last time both answered; null if never
 * @param openFileCapture whether the site's HDFS snapshots freeze files open for write ({@code FROZEN}, as
 *     {@code dfs.namenode.snapshot.capture.openfiles=true} makes them), follow them ({@code LIVE}) or
 *     {@code UNKNOWN}; null while the file system does not answer
 */
public record SiteHealthDto(boolean reachable, Instant lastSeen, Instant checkedAt, String error, CheckDto registry,
    CheckDto fileSystem, String openFileCapture) {}
