package dev.tandem.server.api;

/**
 * One snapshot of a group's root on one site.
 *
 * @param kind {@code CUT} or {@code DRIFT}
 * @param heldBytes raw bytes (length × replication) of the files in the snapshot that the live tree no longer has
 * @param exclusiveBytes the part of {@code heldBytes} that no other snapshot of the root holds (about what deleting
 *     only this snapshot frees)
 */
public record SnapshotHoldingDto(String root, String name, String kind, long heldBytes, long exclusiveBytes) {}
