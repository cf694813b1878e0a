package dev.tandem.server.api;

/**
 * {@code state}: NORMAL, DEGRADED, FAILING_OVER, FAILED_OVER, SPLIT_SUSPECTED or UNKNOWN, judged from the pair's
 * arbitration records: the epoch (its phase, transition and protection), each site's published role and health,
 * and, for DEGRADED, this server's probes of both sites. Without arbitration on this server only reachability is
 * known: NORMAL or DEGRADED (UNKNOWN when unpaired).
 */
public record ArbiterDto(String state, String detail) {}
