package dev.tandem.model;

/** A Hive database with all its tables. */
public record HiveDatabase(String database) implements DataSet {
  public HiveDatabase {
    database = Names.hive(database, "database", "database");
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
