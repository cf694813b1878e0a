package dev.tandem.model;

import java.time.Duration;
import java.time.Instant;

/** One step of a run as it happened. {@code detail} says what the step did or why it failed. */
public record StepTiming(RunStep step, Instant startedAt, Duration took, boolean ok, String detail) {}
