package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, as stored in the users file:
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}. Only the JDK is needed to check them.
 */
public final class PasswordHash {
  public static final String PREFIX = "pbkdf2-sha256";
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final int KEY_BITS = 256;

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  public static String create(char[] password, int iterations) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
  }

  /** Parses a stored hash; the message names the user, never the hash. */
  public static PasswordHash parse(String text, String user) {
    String[] parts = text.trim().split(":");
    InvalidInputException.check(parts.length == 4 && parts[0].equals(PREFIX), "users",
        "Password hash of user '%s' is not in the form %s:<iterations>:<salt>:<hash>", user, PREFIX);
    try {
      int iterations = Integer.parseInt(parts[1]);
      InvalidInputException.check(iterations >= 1, "users", "Password hash of user '%s' has no iterations", user);
      return new PasswordHash(iterations, Base64.getDecoder().decode(parts[2]), Base64.getDecoder().decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("users", "Password hash of user '" + user + "' is corrupt");
    }
  }

  /**
   * A hash no password matches (random salt and hash) that costs as much to check as a real one of
   * {@code iterations}: checked for unknown users and users without a password, so that they answer no faster
   * than a wrong password.
   */
  public static PasswordHash decoy(int iterations) {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[16];
    byte[] hash = new byte[KEY_BITS / 8];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return new PasswordHash(iterations, salt, hash);
  }

  /** The PBKDF2 iterations: what one check costs. */
  public int iterations() {
    return iterations;
  }

  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    }
  }
}
