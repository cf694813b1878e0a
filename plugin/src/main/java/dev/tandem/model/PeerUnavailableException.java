package dev.tandem.model;

/** The other site (its file system, registry or server) cannot be reached. */
public class PeerUnavailableException extends TandemException {
  public PeerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
