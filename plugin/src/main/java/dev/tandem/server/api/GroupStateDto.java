package dev.tandem.server.api;

import java.time.Instant;

/**
 * Where a group stands.
 *
 * @param lagSeconds age of the last good cut; null when there is none
 * @param rpoBreached the last good cut is older than the periodicity (or there is none although a run was due)
 * @param nextRunAt the next scheduled moment (UTC); null when the group is disabled
 * @param activeRun the run executing now on this server, if any
 */
public record GroupStateDto(String lastGoodCut, Instant lastGoodCutAt, Long lagSeconds, boolean rpoBreached,
    Instant nextRunAt, RunSummaryDto lastRun, RunSummaryDto activeRun) {}
