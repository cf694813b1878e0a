package dev.tandem.server.api;

/** A pair's arbitration settings; durations in milliseconds. */
public record ArbitrationSettingsDto(boolean autoFailover, long graceMillis, long leaseMillis,
    long heartbeatMillis) {}
