package dev.tandem.server.api;

import java.time.Instant;

public record SiteStatusDto(String site, boolean local, boolean reachable, Instant lastSeen, String error) {}
