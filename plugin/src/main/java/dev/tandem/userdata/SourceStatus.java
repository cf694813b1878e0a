package dev.tandem.userdata;

import dev.tandem.model.AccessSource;

/**
 * Whether a capture includes a source, and what it found there or why not.
 *
 * @param detail e.g. {@code Ambari admin@http://ambari:8080 cluster east: 4 users, 2 groups, 7 privileges},
 *     or {@code not configured}
 */
public record SourceStatus(AccessSource source, boolean captured, String detail) {}
