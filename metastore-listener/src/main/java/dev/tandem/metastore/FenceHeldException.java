package dev.tandem.metastore;

/** A metastore write still fenced for a cut when its wait ran out. */
public final class FenceHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FenceHeldException(String message) {
    super(message);
  }
}
