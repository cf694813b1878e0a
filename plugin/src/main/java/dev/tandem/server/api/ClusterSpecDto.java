package dev.tandem.server.api;

import java.time.Instant;

/**
 * Resource specification of a site. Zero means "not known".
 *
 * @param source where the numbers come from: {@code live} (asked the NameNode and ResourceManager just now) or
 *     {@code registry} (as recorded when the site was registered)
 */
public record ClusterSpecDto(int nodes, int vcores, long memoryMb, long hdfsCapacityBytes, long hdfsUsedBytes,
    String source, Instant measuredAt) {}
