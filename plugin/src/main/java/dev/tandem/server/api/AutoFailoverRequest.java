package dev.tandem.server.api;

/** Body of {@code PUT /pairs/{pair}/arbitration/auto-failover}. */
public record AutoFailoverRequest(Boolean enabled) {}
