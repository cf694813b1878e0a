package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Users and their roles, from a properties file: {@code alice = admin, pbkdf2-sha256:...}. A user without a hash
 * ({@code bob = operator}) cannot log in with a password but gets that role when the Ambari View vouches for
 * them.
 */
public final class UserStore {
  /** One user. {@code password} is empty for users who may not use basic authentication. */
  public record User(String name, Role role, Optional<PasswordHash> password) {}

  private final Map<String, User> users;
  private final PasswordHash decoy;

  private UserStore(Map<String, User> users) {
    this.users = Map.copyOf(users);
    int cost = users.values().stream().flatMap(u -> u.password().stream()).mapToInt(PasswordHash::iterations).max()
        .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.decoy = PasswordHash.decoy(cost);
  }

  public static UserStore empty() {
    return new UserStore(Map.of());
  }

  public static UserStore load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new InvalidInputException("tandem.auth.users.file", "Cannot read the users file " + file + ": "
          + e.getMessage());
    }
    Map<String, String> entries = new HashMap<>();
    p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
    return parse(entries);
  }

  /** {@code user → "role[, hash]"}. */
  public static UserStore parse(Map<String, String> entries) {
    Map<String, User> users = new HashMap<>();
    entries.forEach((name, value) -> {
      String[] parts = value.split(",", 2);
      Role role = Role.parse(parts[0], "users");
      Optional<PasswordHash> hash = parts.length == 2 && !parts[1].isBlank()
          ? Optional.of(PasswordHash.parse(parts[1], name)) : Optional.empty();
      users.put(name.trim(), new User(name.trim(), role, hash));
    });
    return new UserStore(users);
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  /** Whether anyone can log in with a password (basic authentication is then offered). */
  public boolean hasPasswords() {
    return users.values().stream().anyMatch(u -> u.password().isPresent());
  }

  /**
   * What an unknown user's password (or that of a user without one) is checked against: no password matches it,
   * and it costs as much as the dearest hash of the file.
   */
  public PasswordHash decoy() {
    return decoy;
  }

  public int size() {
    return users.size();
  }
}
