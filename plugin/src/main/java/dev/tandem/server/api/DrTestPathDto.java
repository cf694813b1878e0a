package dev.tandem.server.api;

/**
 * An HDFS data set of the group as a DR test exposes it: its read-only {@code snapshotPath} on the secondary, the
 * files and bytes there, and how the primary's snapshot of the same cut compares ({@code primaryComparison} EQUAL,
 * DIFFERENT, NOT_ON_PRIMARY or PRIMARY_UNAVAILABLE; the primary's counts are null unless compared).
 */
public record DrTestPathDto(String path, String snapshotPath, boolean exists, long files, long bytes,
    String primaryComparison, Long primaryFiles, Long primaryBytes) {}
