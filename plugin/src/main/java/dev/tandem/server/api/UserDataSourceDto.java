package dev.tandem.server.api;

/**
 * Whether a version of a group's user data includes one source (MANAGER, HDFS, HIVE, RANGER, YARN).
 *
 * @param detail what the capture found there, or why it did not capture it ({@code not configured})
 */
public record UserDataSourceDto(String source, boolean captured, String detail) {}
