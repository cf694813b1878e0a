package dev.tandem.server.api;

/** A pair's arbitration settings in a {@link StateDocument}, the pair named {@code <site>+<site>}. */
public record PairSettingsDto(String pair, Boolean autoFailover, Long graceMillis, Long leaseMillis,
    Long heartbeatMillis) {}
