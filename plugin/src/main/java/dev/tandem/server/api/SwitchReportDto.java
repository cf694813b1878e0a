package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * What one change of the active site achieved. {@code kind}: FAILOVER or SWITCHOVER; {@code rtoMillis} from
 * {@code startedAt} (the fence, or the old active's last healthy moment) to {@code activeAt}.
 */
public record SwitchReportDto(String id, String kind, long epoch, String from, String to, Instant startedAt,
    Instant activeAt, long rtoMillis, List<GroupOutcomeDto> groups, List<String> notes) {}
