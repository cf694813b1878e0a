package dev.tandem.engine;

import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A site's metastore as a restore uses it, with the metastore images of the group's cuts (kept on the group's
 * secondary). Locations are scheme-less paths on the restoring site's file system.
 */
public interface RestoreTables {
  /** The table as the cut's image holds it; empty when the cut has no image or the image no such table. */
  Optional<TableAtCut> atCut(GroupName group, CutId cut, String database, String table);

  /** The partition names the site's metastore has now for the table; empty when it has no such table. */
  Optional<Set<String>> partitionsNow(String database, String table);

  boolean databaseExists(String database);

  /**
   * Writes the table's definition as of the cut under the target name, with the locations moved as
   * {@code restore.relocations} say: the whole table (its partitions then exactly the cut's), or only the named
   * partitions (the table's others kept, the table created from the cut's definition when absent). Never touches
   * files. Idempotent.
   */
  Written write(GroupName group, CutId cut, TableRestore restore);

  /**
   * @param location the table's directory ("" for a view)
   * @param partitions partition name to its directory
   */
  record TableAtCut(String database, String table, String location, boolean partitioned,
      Map<String, String> partitions) {
    public TableAtCut {
      partitions = Map.copyOf(partitions);
    }
  }

  /**
   * @param relocations a directory of the cut to the directory it is restored to (a path missing here stays)
   * @param partitions the partitions to restore; empty: the whole table
   */
  record TableRestore(String sourceDatabase, String sourceTable, String targetDatabase, String targetTable,
      Map<String, String> relocations, List<String> partitions) {
    public TableRestore {
      relocations = Map.copyOf(relocations);
      partitions = List.copyOf(partitions);
    }
  }

  record Written(long tables, long partitions) {}
}
