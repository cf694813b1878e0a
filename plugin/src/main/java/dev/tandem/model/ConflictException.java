package dev.tandem.model;

/**
 * The operation lost a race or collides with existing state (a concurrent commit, a run already in
 * progress, a directory protected by another group). The caller may retry once the other party is done.
 */
public class ConflictException extends TandemException {
  public ConflictException(String message) {
    super(message);
  }
}
