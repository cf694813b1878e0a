package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/** What a failback did: replication {@code source} → {@code target} resumed; the switch back, if asked and done. */
public record FailbackDto(String source, String target, Instant startedAt, Instant endedAt, long bytesCopied,
    long bytesTotal, List<GroupOutcomeDto> groups, List<String> notes, SwitchReportDto switchBack) {}
