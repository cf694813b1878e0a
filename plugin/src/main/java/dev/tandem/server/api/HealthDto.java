package dev.tandem.server.api;

/** Liveness, for load balancers and port alerts. Needs no credentials and tells nothing else. */
public record HealthDto(String status, String site) {}
