package dev.tandem.server.api;

import java.time.Instant;

public record PeerDto(String site, boolean reachable, Instant lastSeen, String error) {}
