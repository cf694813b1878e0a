package dev.tandem.model;

/** Root of Tandem's unchecked exceptions. Messages are written for operators: what failed and where. */
public class TandemException extends RuntimeException {
  public TandemException(String message) {
    super(message);
  }

  public TandemException(String message, Throwable cause) {
    super(message, cause);
  }
}
