package dev.tandem.model;

import java.util.regex.Pattern;

/** A Hive database with all its tables. */
public record HiveDatabase(String database) implements DataSet {
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,128}");

  public HiveDatabase {
    InvalidInputException.check(database != null && IDENTIFIER.matcher(database).matches(), "database",
        "Invalid Hive database name '%s'", database == null ? "" : Names.printable(database));
    database = database.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Component component() {
    return Component.HIVE;
  }

  @Override
  public String describe() {
    return "hive:" + database;
  }
}
