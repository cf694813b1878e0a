package dev.tandem.cli;

/** The Tandem server could not be reached at all. */
final class ServerUnreachableException extends RuntimeException {
  ServerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
