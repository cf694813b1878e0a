package dev.tandem.server.api;

/**
 * One right one principal holds, flattened from the source that defines it.
 *
 * @param principal {@code user:alice}, {@code group:analysts}, {@code role:etl}, or {@code other:mask} for the
 *     HDFS permission classes that name nobody
 * @param resource what the right is on, e.g. {@code cluster:east}, {@code /data/billing/events}
 * @param right e.g. {@code CLUSTER.USER}, {@code acl r-x}, {@code allow read}, {@code submit}
 */
public record GrantDto(String principal, String source, String resource, String right) {}
