package dev.tandem.model;

import java.util.regex.Pattern;

/**
 * Name of a protection group, normally the business service's name ({@code billing}). It becomes part of
 * znode paths and HDFS snapshot names, so it is restricted to a safe alphabet.
 */
public record GroupName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  public GroupName {
    Names.check(VALID, value, "name", "lower-case letters, digits, '-' or '_', starting with a letter, at most 63");
  }

  public static GroupName of(String value) {
    return new GroupName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
