package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * One run with its steps.
 *
 * @param currentStep the step executing now (RUNNING only)
 * @param progress files and bytes of the copy so far (RUNNING only, else null)
 * @param consistencyWindowMs how long writers were fenced for the cut; null before the cut
 * @param verification null before the VERIFY step
 * @param cancelRequested a cancel was asked for; the run stops at its next step boundary
 * @param requestedBy who started it ({@code scheduler} or a user); kept with the run
 */
public record RunDto(String id, String group, String state, String cut, Instant startedAt, Instant endedAt,
    String error, String currentStep, ProgressDto progress, Long consistencyWindowMs, VerificationDto verification,
    ReportDto report, List<StepDto> steps, boolean cancelRequested, String requestedBy) {}
