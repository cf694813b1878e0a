package dev.tandem.model;

/** A file or directory a restore writes (or, in a dry run, would write), with its length as of the cut. */
public record RestoreEntry(String path, boolean directory, long length) {}
