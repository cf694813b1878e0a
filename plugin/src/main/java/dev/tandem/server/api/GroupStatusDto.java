package dev.tandem.server.api;

import java.time.Instant;

/**
 * One group for monitoring. {@code lastGoodCut}, {@code lastGoodCutAt}, {@code lagSeconds} and {@code lastRun}
 * are null when the group never ran; {@code rpoBreached} compares the lag with the periodicity; {@code space} is
 * the group's latest snapshot space measurement (null before the first), without per-snapshot lists.
 */
public record GroupStatusDto(String name, boolean enabled, long periodicitySeconds, String lastGoodCut,
    Instant lastGoodCutAt, Long lagSeconds, boolean rpoBreached, boolean running, LastRunDto lastRun,
    GroupSpaceDto space) {}
