package dev.tandem.server.api;

import java.time.Instant;

/**
 * A disaster-recovery operation this server carries out. {@code kind}: SWITCHOVER, FAILOVER, FAILBACK or DRILL;
 * {@code state}: RUNNING, SUCCEEDED or FAILED. Once it succeeded, the field of its kind holds the report
 * ({@code switchReport} for a switchover or failover); {@code error} says why it failed.
 */
public record OperationDto(String id, String pair, String kind, String state, String requestedBy,
    Instant startedAt, Instant endedAt, String error, SwitchReportDto switchReport, FailbackDto failback,
    DrillDto drill) {}
