package dev.tandem.model;

/** One Hive table with all its partitions. */
public record HiveTable(String database, String table) implements DataSet {
  public HiveTable {
    database = Names.hive(database, "database", "database");
    table = Names.hive(table, "table", "table");
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
