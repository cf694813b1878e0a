package dev.tandem.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a group is backed up: the first run of each day at {@code backupMoment} (in {@code zone}), then every
 * {@code periodicity}. The periodicity is also the group's RPO target.
 */
public record Schedule(LocalTime backupMoment, Duration periodicity, ZoneId zone) {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
  private static final Duration MINIMUM = Duration.ofMinutes(1);
  /** A year: longer is no backup policy, and whole-day moments are counted from 1970 on every read. */
  private static final Duration MAXIMUM = Duration.ofDays(366);

  public Schedule {
    InvalidInputException.check(backupMoment != null, "schedule.backupMoment", "Backup moment is required");
    InvalidInputException.check(periodicity != null && !periodicity.isNegative() && !periodicity.isZero(),
        "schedule.periodicity", "Invalid periodicity: %s (must be positive)", periodicity);
    InvalidInputException.check(periodicity.compareTo(MINIMUM) >= 0, "schedule.periodicity",
        "Invalid periodicity: %s (at least 1 minute)", periodicity);
    InvalidInputException.check(periodicity.compareTo(MAXIMUM) <= 0, "schedule.periodicity",
        "Invalid periodicity: %s (at most 366 days)", periodicity);
    InvalidInputException.check(periodicity.compareTo(Duration.ofDays(1)) <= 0 || periodicity.toDays() * 86400
        == periodicity.getSeconds(), "schedule.periodicity", "Invalid periodicity: %s (longer than a day must be whole days)", periodicity);
    zone = zone == null ? ZoneId.of("UTC") : zone;
  }

  /** Parses operator input: moment "HH:mm", periodicity "4h", "30m", "1d" or ISO-8601 "PT4H", zone an IANA id. */
  public static Schedule parse(String backupMoment, String periodicity, String zone) {
    return new Schedule(parseMoment(backupMoment), parsePeriodicity(periodicity), parseZone(zone));
  }

  static LocalTime parseMoment(String text) {
    try {
      InvalidInputException.check(text != null && text.matches("\\d{1,2}:\\d{2}"), "schedule.backupMoment",
          "Invalid backup moment: %s (expected HH:mm)", text);
      String[] hm = text.split(":");
      return LocalTime.of(Integer.parseInt(hm[0]), Integer.parseInt(hm[1]));
    } catch (java.time.DateTimeException e) {
      throw new InvalidInputException("schedule.backupMoment", "Invalid backup moment: " + text);
    }
  }

  static Duration parsePeriodicity(String text) {
    InvalidInputException.check(text != null && !text.isBlank(), "schedule.periodicity", "Periodicity is required");
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        InvalidInputException.check(n > 0, "schedule.periodicity", "Invalid periodicity: %s (must be positive)",
            text);
        return switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidInputException("schedule.periodicity",
          "Invalid periodicity: " + Names.printable(text) + " (at most 366 days)");
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("schedule.periodicity",
          "Invalid periodicity: " + text + " (use e.g. 30m, 4h, 1d or PT4H)");
    }
  }

  static ZoneId parseZone(String text) {
    if (text == null || text.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(text.trim());
    } catch (java.time.DateTimeException e) {
      throw new InvalidInputException("schedule.zone", "Unknown time zone: " + text);
    }
  }

  /**
   * The first scheduled moment strictly after {@code after}. Each day restarts at the backup moment, so a
   * periodicity that does not divide 24 h does not drift; periodicities of whole days count from 1970-01-01.
   */
  public Instant nextAfter(Instant after) {
    ZonedDateTime now = after.atZone(zone);
    if (periodicity.compareTo(Duration.ofDays(1)) > 0) {
      long everyDays = periodicity.toDays();
      java.time.LocalDate day = now.toLocalDate();
      while (true) {
        ZonedDateTime candidate = day.atTime(backupMoment).atZone(zone);
        if (day.toEpochDay() % everyDays == 0 && candidate.isAfter(now)) {
          return candidate.toInstant();
        }
        day = day.plusDays(1);
      }
    }
    ZonedDateTime dayStart = now.toLocalDate().minusDays(1).atTime(backupMoment).atZone(zone);
    while (true) {
      ZonedDateTime nextDayStart = dayStart.plusDays(1);
      if (dayStart.isAfter(now)) {
        return dayStart.toInstant();
      }
      // Moments are counted on the wall clock of the zone: on a 25-hour day (end of daylight saving) exact
      // durations would put an extra moment one hour before the next day's backup moment.
      long periods = Duration.between(dayStart.toLocalDateTime(), now.toLocalDateTime()).toMillis()
          / periodicity.toMillis() + 1;
      ZonedDateTime candidate = dayStart.toLocalDateTime().plus(periodicity.multipliedBy(periods)).atZone(zone);
      while (!candidate.isAfter(now)) { // the repeated hour: a wall-clock moment can lie before now
        candidate = dayStart.toLocalDateTime().plus(periodicity.multipliedBy(++periods)).atZone(zone);
      }
      if (candidate.isBefore(nextDayStart)) {
        return candidate.toInstant();
      }
      dayStart = nextDayStart;
    }
  }
}
