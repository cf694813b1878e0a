package dev.tandem.server.api;

/**
 * One change an apply made at a site (or, in a dry run, would make).
 *
 * @param action CREATE, UPDATE, DELETE, GRANT or REVOKE
 * @param subject e.g. {@code user alice}, {@code /data/billing/events}
 * @param detail how, e.g. {@code CLUSTER.USER on cluster west}
 */
public record UserDataChangeDto(String source, String action, String subject, String detail) {}
