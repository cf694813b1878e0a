package dev.tandem.server.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages show numbers and times; templates call it as {@code fmt}. Times are UTC, as in the API. */
public final class Formats {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.US)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.US)
      .withZone(ZoneOffset.UTC);
  private static final String NONE = "\u2014";
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private final Clock clock;

  Formats(Clock clock) {
    this.clock = clock;
  }

  /** {@code 1.5 GiB}; binary units. */
  public String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.US, v < 10 ? "%.1f %s" : "%.0f %s", v, UNITS[unit]);
  }

  /** Memory given in MiB, as YARN reports it. */
  public String mebibytes(long mb) {
    return bytes(mb * 1024 * 1024);
  }

  /** Milliseconds as {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}, {@code 2 h 10 min} or {@code 3 d 4 h}. */
  public String millis(Long ms) {
    if (ms == null) {
      return NONE;
    }
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.US, "%.1f s", ms / 1000.0);
    }
    return seconds(ms / 1000);
  }

  public String seconds(Long s) {
    if (s == null) {
      return NONE;
    }
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    if (s < 86400) {
      return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    return s / 86400 + " d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + " h");
  }

  /** How long from {@code from} to {@code to} (or to now while it still runs). */
  public String between(Instant from, Instant to) {
    if (from == null) {
      return NONE;
    }
    return millis(Math.max(0, Duration.between(from, to == null ? clock.instant() : to).toMillis()));
  }

  /** How long something has been running. */
  public String since(Instant from) {
    return between(from, null);
  }

  public String time(Instant t) {
    return t == null ? NONE : TIME.format(t);
  }

  public String shortTime(Instant t) {
    return t == null ? NONE : SHORT.format(t);
  }

  /** For {@code <time datetime=...>}. */
  public String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  /** {@code 3 min ago}, {@code in 2 h}. */
  public String ago(Instant t) {
    if (t == null) {
      return NONE;
    }
    long s = Duration.between(t, clock.instant()).getSeconds();
    return s >= 0 ? seconds(s) + " ago" : "in " + seconds(-s);
  }

  /** Whole per cent of {@code part} in {@code whole}; 0 when the whole is unknown. */
  public int percent(long part, long whole) {
    return whole <= 0 ? 0 : (int) Math.min(100, Math.round(part * 100.0 / whole));
  }
}
