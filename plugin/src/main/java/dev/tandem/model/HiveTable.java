package dev.tandem.model;

/** One Hive table with all its partitions. */
public record HiveTable(String database, String table) implements DataSet {
  public HiveTable {
    InvalidInputException.check(database != null && HiveDatabase.IDENTIFIER.matcher(database).matches(), "database",
        "Invalid Hive database name '%s'", database == null ? "" : Names.printable(database));
    InvalidInputException.check(table != null && HiveDatabase.IDENTIFIER.matcher(table).matches(), "table",
        "Invalid Hive table name '%s'", table == null ? "" : Names.printable(table));
    database = database.toLowerCase(java.util.Locale.ROOT);
    table = table.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Component component() {
    return Component.HIVE;
  }

  @Override
  public String describe() {
    return "hive:" + database + "." + table;
  }
}
