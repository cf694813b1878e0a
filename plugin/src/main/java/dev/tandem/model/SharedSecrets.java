package dev.tandem.model;

/** The one length rule for the shared secrets of a Tandem configuration (the View's, ZooKeeper's digest). */
public final class SharedSecrets {
  /** Shortest shared secret accepted: guessing one must not be cheaper than guessing a good password. */
  public static final int MIN_LENGTH = 16;

  private SharedSecrets() {}

  /** @throws InvalidInputException naming {@code field} when {@code secret} is shorter than {@link #MIN_LENGTH} */
  public static void checkLength(String field, String secret) {
    InvalidInputException.check(secret.length() >= MIN_LENGTH, field, "%s is too short: %d characters, at least %d",
        field, secret.length(), MIN_LENGTH);
  }
}
