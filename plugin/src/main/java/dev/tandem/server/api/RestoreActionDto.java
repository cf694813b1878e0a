package dev.tandem.server.api;

/** One thing a restore writes: FILES, TABLE or PARTITION, from the cut to the target; whether it replaces data. */
public record RestoreActionDto(String kind, String source, String target, boolean replaces) {}
