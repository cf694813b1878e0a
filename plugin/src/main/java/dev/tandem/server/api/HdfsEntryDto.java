package dev.tandem.server.api;

/**
 * @param snapshottable the directory itself is snapshottable
 * @param protectedBy the group protecting this directory, or one below or above it; null if none
 */
public record HdfsEntryDto(String name, String path, boolean snapshottable, String protectedBy) {}
