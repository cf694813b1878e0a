package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/** A drill: the forced failover (RTO, data-loss window per group), the data check, the failback with switch back. */
public record DrillDto(Instant startedAt, Instant endedAt, SwitchReportDto failover, List<String> verified,
    boolean dataMatches, FailbackDto failback) {}
