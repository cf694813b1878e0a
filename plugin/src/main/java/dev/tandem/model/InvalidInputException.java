package dev.tandem.model;

/** Input rejected at the boundary. Names the offending field; nothing was changed. */
public class InvalidInputException extends TandemException {
  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** Throws {@code InvalidInputException(field, format(message, args))} unless {@code test} holds. */
  public static void check(boolean test, String field, String message, Object... args) {
    if (!test) {
      throw new InvalidInputException(field, String.format(message, args));
    }
  }
}
