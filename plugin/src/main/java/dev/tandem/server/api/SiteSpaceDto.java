package dev.tandem.server.api;

import java.util.List;

/**
 * What a group's snapshots hold on one site beyond the live tree, in raw bytes (length × replication), each file
 * counted once however many snapshots hold it.
 *
 * @param role {@code PRIMARY} or {@code SECONDARY} in the group's pair
 * @param cutsBytes held by the group's kept cuts together: what deleting all of them would free
 * @param driftBytes held by the group's drift snapshots together
 * @param snapshotsBytes HDFS's {@code ContentSummary.snapshotSpaceConsumed} summed over the group's roots:
 *     everything any snapshot of those roots (Tandem's or not) holds beyond the live tree; -1 when not known
 * @param capacityBytes the site's HDFS capacity; null when not known
 * @param remainingBytes the site's free HDFS space; null when not known
 * @param remainingPercent {@code remainingBytes} as a percentage of {@code capacityBytes}; null when not known
 * @param complete false when the survey stopped at {@code tandem.space.scan.max.files}: the byte counts are lower
 *     bounds
 * @param error why the site could not be surveyed; null when it was
 * @param snapshots per cut and drift snapshot; empty in {@code /status}
 */
public record SiteSpaceDto(String site, String role, long cutsBytes, long driftBytes, long snapshotsBytes,
    Long capacityBytes, Long remainingBytes, Double remainingPercent, boolean complete, String error,
    List<SnapshotHoldingDto> snapshots) {}
