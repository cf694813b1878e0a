package dev.tandem.model;

/** One thing a protection group protects: an HDFS directory, a Hive database or a Hive table. */
public sealed interface DataSet permits HdfsDirectory, HiveDatabase, HiveTable {
  /** The component the data set belongs to, as shown to operators. */
  Component component();

  /** Human-readable identity, e.g. {@code hdfs:/data/billing} or {@code hive:sales.orders}. */
  String describe();

  enum Component { HDFS, HIVE }
}
