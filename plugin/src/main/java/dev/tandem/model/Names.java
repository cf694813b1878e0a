package dev.tandem.model;

import java.util.regex.Pattern;

/** Shared validation of the names an operator types (sites, groups): they end up in znodes and snapshot names. */
public final class Names {
  /** Sites and groups: safe in znode paths and HDFS snapshot names. */
  static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  static final String IDENTIFIER_RULE = "lower-case letters, digits, '-' or '_', starting with a letter, at most 63";
  /** Hive databases and tables. */
  static final Pattern HIVE_IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,128}");

  private Names() {}

  /** Validates a Hive identifier and returns it lower-cased, as the metastore stores it. */
  static String hive(String value, String field, String what) {
    InvalidInputException.check(value != null && HIVE_IDENTIFIER.matcher(value).matches(), field,
        "Invalid Hive %s name '%s'", what, value == null ? "" : printable(value));
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  static void check(Pattern valid, String value, String field, String rule) {
    InvalidInputException.check(value != null && !value.isBlank(), field, "Invalid %s name: empty", field);
    InvalidInputException.check(valid.matcher(value).matches(), field,
        "Invalid %s name '%s': use %s", field, printable(value), rule);
  }

  /** Keeps an echoed value short and free of control characters; callers escape for their medium. */
  public static String printable(String value) {
    String cleaned = value.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() <= 80 ? cleaned : cleaned.substring(0, 77) + "...";
  }
}
