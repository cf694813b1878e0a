package dev.tandem.server.api;

import java.time.Instant;

/** An arbiter's endorsement of {@code active} at epoch {@code epoch}, written at {@code at} (the arbiter's clock). */
public record VerdictDto(String arbiter, long epoch, String active, Instant at) {}
