package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import java.util.Locale;

/** What a user may do. Each role includes the ones before it. */
public enum Role {
  /** Reads everything: sites, pairs, groups, runs, status, metrics. */
  VIEWER,
  /** Also starts and cancels runs, and dry-runs and applies a group's user data to its secondary. */
  OPERATOR,
  /** Also registers sites, pairs and unpairs, creates, changes, enables, disables and deletes groups. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text, String field) {
    try {
      return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new InvalidInputException(field, "Unknown role '" + text + "' (use viewer, operator or admin)");
    }
  }
}
