package dev.tandem.audit;

import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Names;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Which audit entries to list: {@code [since, until)}, by one user and/or one protection group, newest first, at
 * most {@code limit}. {@link #parse} validates text from a request and names the offending parameter.
 */
public record AuditQuery(Instant since, Instant until, String user, String group, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    InvalidInputException.check(limit >= 1 && limit <= MAX_LIMIT, "limit", "Invalid limit: %d (1 to %d)", limit,
        MAX_LIMIT);
    InvalidInputException.check(since == null || until == null || since.isBefore(until), "until",
        "until (%s) must be after since (%s)", until, since);
  }

  public static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, limit);
  }

  /** Blank values mean "no filter"; times are ISO-8601 instants or dates (a date means its start, UTC). */
  public static AuditQuery parse(String since, String until, String user, String group, String limit) {
    return new AuditQuery(time(since, "since"), time(until, "until"), blankToNull(user), blankToNull(group),
        blank(limit) ? DEFAULT_LIMIT : number(limit));
  }

  public boolean matches(AuditEntry e) {
    return (since == null || !e.time().isBefore(since)) && (until == null || e.time().isBefore(until))
        && (user == null || user.equals(e.user())) && (group == null || group.equals(e.group()));
  }

  private static Instant time(String text, String field) {
    if (blank(text)) {
      return null;
    }
    String t = text.trim();
    try {
      return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field, "Invalid time '" + Names.printable(text)
          + "' (use ISO-8601 UTC, e.g. 2026-11-24T15:00:00Z, or a date, 2026-11-24)");
    }
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("limit", "Invalid limit '" + Names.printable(text) + "' (a number from 1 to "
          + MAX_LIMIT + ")");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String blankToNull(String s) {
    return blank(s) ? null : s.trim();
  }
}
