package dev.tandem.server.api;

import java.time.Instant;

/** {@code phase}: DRAINING, PROMOTING or ACTIVE; {@code protection}: PROTECTED or UNPROTECTED. */
public record EpochDto(long number, long revision, String active, String phase, String protection,
    String transition, Instant decidedAt, String decidedBy, String reason) {}
