package dev.tandem.model;

import java.util.regex.Pattern;

/** Shared validation of the names an operator types (sites, groups): they end up in znodes and snapshot names. */
final class Names {
  private Names() {}

  static void check(Pattern valid, String value, String field, String rule) {
    InvalidInputException.check(value != null && !value.isBlank(), field, "Invalid %s name: empty", field);
    InvalidInputException.check(valid.matcher(value).matches(), field,
        "Invalid %s name '%s': use %s", field, printable(value), rule);
  }

  /** Keeps an echoed value short and free of control characters; callers escape for their medium. */
  static String printable(String value) {
    String cleaned = value.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() <= 80 ? cleaned : cleaned.substring(0, 77) + "...";
  }
}
