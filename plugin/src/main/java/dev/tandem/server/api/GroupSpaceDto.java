package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * The space a group's kept cuts and drift snapshots hold on each site of its pair
 * ({@code GET /api/v1/groups/{group}/space}, and without the per-snapshot lists in {@code /status}).
 *
 * @param computedAt when it was measured: answers come from a cache refreshed after each run of this server and
 *     once older than {@code tandem.space.refresh.interval}
 * @param nextCutBytes what the next cut is expected to take on the secondary (the most a recent committed run
 *     copied, times the secondary's default replication)
 */
public record GroupSpaceDto(String group, Instant computedAt, long nextCutBytes, List<SiteSpaceDto> sites) {}
