package dev.tandem.model;

/**
 * What one snapshot holds on its site's HDFS beyond the live tree, in raw bytes (length × replication).
 *
 * @param heldBytes files of the snapshot that the live tree no longer has (deleted, or replaced by a new file of the
 *     same name) since it was taken
 * @param exclusiveBytes the part of {@code heldBytes} no other snapshot of the root holds: about what deleting only
 *     this snapshot frees
 */
public record SnapshotHolding(String root, String name, SnapshotKind kind, long heldBytes, long exclusiveBytes) {}
