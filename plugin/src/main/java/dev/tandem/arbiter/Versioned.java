package dev.tandem.arbiter;

/** A registry record with the znode version a compare-and-set must name. */
public record Versioned<T>(T value, int version) {}
