package dev.tandem.metastore;

/** The registry the fences live in cannot be reached or read, so a metastore write cannot be let through. */
public final class RegistryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
