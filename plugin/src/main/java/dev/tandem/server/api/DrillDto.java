package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * A drill: the forced failover (RTO, data-loss window per group), the data check, the failback with switch back.
 * {@code comparedWithPrimary} says whether the promoted data was compared with the primary's snapshot of each cut
 * (false: the primary was unreachable, only the secondary's own seal was checked); {@code differences} lists the
 * first differences found, {@code differenceCount} counts them all.
 */
public record DrillDto(Instant startedAt, Instant endedAt, SwitchReportDto failover, List<String> verified,
    boolean dataMatches, boolean comparedWithPrimary, List<String> differences, long differenceCount,
    FailbackDto failback) {}
