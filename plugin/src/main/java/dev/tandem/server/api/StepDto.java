package dev.tandem.server.api;

import java.time.Instant;

public record StepDto(String step, Instant startedAt, long tookMs, boolean ok, String detail) {}
