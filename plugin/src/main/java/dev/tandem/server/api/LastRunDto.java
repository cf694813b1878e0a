package dev.tandem.server.api;

import java.time.Instant;

public record LastRunDto(String id, String state, Instant endedAt, String error) {}
