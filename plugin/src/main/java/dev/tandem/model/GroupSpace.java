package dev.tandem.model;

import java.time.Instant;

/**
 * The space a group's snapshots hold on both sites of its pair, as measured at {@code computedAt}.
 *
 * @param nextCutBytes what the next cut is expected to take on the secondary: the most that one of the group's
 *     recent committed runs copied, times the secondary's default replication (a cut holds at most what changed)
 */
public record GroupSpace(GroupName group, Instant computedAt, SiteSpace primary, SiteSpace secondary,
    long nextCutBytes) {}
