package dev.tandem.model;

/**
 * A commit was sent but its outcome is not known (the connection dropped mid-write). Do not clean up:
 * the next run reconciles from the registry, which is the only source of truth.
 */
public class CommitStateUnknownException extends TandemException {
  public CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
