package dev.tandem.server.api;

/** A file or directory a restore writes, with its length as of the cut. */
public record RestoreEntryDto(String path, boolean directory, long length) {}
