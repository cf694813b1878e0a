package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/** A kept cut of a group: restorable; {@code lastGood} marks the newest verified one. */
public record CutDto(String id, Instant takenAt, boolean lastGood, List<String> roots) {}
