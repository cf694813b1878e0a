package dev.tandem.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a DR test without failover exposes on the group's secondary: a kept cut ({@code cut}; absent: the group's
 * last good cut), its Hive tables in test databases named {@code <source database><databaseSuffix>}.
 *
 * @param databaseSuffix appended to each source database's name; blank: {@link #DEFAULT_SUFFIX}. A part of a Hive
 *     identifier (letters, digits, '_'), kept lower case as the metastore keeps names
 */
public record DrTestRequest(GroupName group, Optional<CutId> cut, String databaseSuffix) {
  public static final String DEFAULT_SUFFIX = "_drtest";
  private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9_]{1,64}");

  public DrTestRequest {
    cut = cut == null ? Optional.empty() : cut;
    databaseSuffix = databaseSuffix == null || databaseSuffix.isBlank() ? DEFAULT_SUFFIX : databaseSuffix.trim();
    InvalidInputException.check(SUFFIX.matcher(databaseSuffix).matches(), "databaseSuffix",
        "Invalid database suffix '%s': use 1 to 64 letters, digits or '_' (it becomes part of a Hive database name)",
        Names.printable(databaseSuffix));
    databaseSuffix = databaseSuffix.toLowerCase(Locale.ROOT);
  }

  /** The test database of a source database. */
  public String testDatabase(String sourceDatabase) {
    return sourceDatabase + databaseSuffix;
  }
}
