package dev.tandem.model;

/**
 * One thing a restore writes: the files of a path (from the cut's snapshot {@code source} to {@code target}),
 * a table's definition or one partition's ({@code source}/{@code target} as {@code db.table} or
 * {@code db.table/dt=1}). {@code replaces}: the target exists now and is overwritten.
 */
public record RestoreAction(Kind kind, String source, String target, boolean replaces) {
  public enum Kind { FILES, TABLE, PARTITION }
}
