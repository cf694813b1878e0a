package dev.tandem.server.api;

import java.time.Instant;

/**
 * @param scrubDifferences files the run's continuous verification found different from the primary (and copied
 *     again): the secondary held data no snapshot diff accounted for
 * @param scrubDifferenceSamples the first of them
 */
public record LastRunDto(String id, String state, Instant endedAt, String error, long scrubDifferences,
    java.util.List<String> scrubDifferenceSamples) {}
