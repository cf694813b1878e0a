package dev.tandem.server.api;

import java.time.Instant;

/**
 * A run in a list. {@code state} is RUNNING, SUCCEEDED or FAILED; {@code verified} is the VERIFY step's verdict, null
 * before that step ran; {@code requestedBy} who started it (a user, {@code scheduler}, or a scheduler retry: {@code
 * scheduler (retry 1 of 3 after r-...)}), null for runs recorded before it was kept.
 */
public record RunSummaryDto(String id, String group, String state, String cut, Instant startedAt, Instant endedAt,
    String error, String mode, long filesCopied, long bytesCopied, Long consistencyWindowMs, Boolean verified,
    String requestedBy) {}
