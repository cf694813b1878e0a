package dev.tandem.server.api;

/**
 * {@code state}: NORMAL, DEGRADED, FAILING_OVER, FAILED_OVER, SPLIT_SUSPECTED or UNKNOWN. Until the arbiter
 * exists it is derived from the reachability of both sites (NORMAL or DEGRADED; UNKNOWN when unpaired).
 */
public record ArbiterDto(String state, String detail) {}
