package dev.tandem.engine;

import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A site's metastore as a restore or a DR test uses it, with the metastore images of the group's cuts (kept on the
 * group's secondary). Locations are scheme-less paths on the restoring site's file system.
 */
public interface RestoreTables {
  /** The table as the cut's image holds it; empty when the cut has no image or the image no such table. */
  Optional<TableAtCut> atCut(GroupName group, CutId cut, String database, String table);

  /**
   * Every table of the cut's image (views too, with location ""), ordered by {@code db.table}; empty when the cut
   * has no image.
   */
  Optional<List<TableAtCut>> tablesAtCut(GroupName group, CutId cut);

  /** The partition names the site's metastore has now for the table; empty when it has no such table. */
  Optional<Set<String>> partitionsNow(String database, String table);

  boolean databaseExists(String database);

  /** The database's parameters as the site's metastore has them now; empty when there is no such database. */
  Optional<Map<String, String>> databaseParameters(String database);

  /**
   * Creates a database whose location is {@code location} (an existing directory, so that the metastore creates
   * none) with these parameters. Refused with {@link dev.tandem.model.ConflictException} when it exists.
   */
  void createDatabase(String database, String location, String description, Map<String, String> parameters);

  /**
   * Drops the database with every table in it (cascade) without deleting a file, whatever the tables' types and
   * parameters say. Returns how many tables it held; a database that does not exist is nothing to drop (0).
   */
  long dropDatabase(String database);

  /**
   * Writes the cut's table under the target name as an EXTERNAL table that never purges its files
   * ({@code EXTERNAL=TRUE}, {@code external.table.purge=false}, the transactional parameters removed), with the
   * cut's schema, statistics and exactly the named partitions, locations moved as {@code table.relocations} say,
   * plus {@code table.parameters}. Never touches files. Idempotent.
   */
  Written writeExternal(GroupName group, CutId cut, ExternalTable table);

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
   * @param transactional an ACID table (groups refuse them, so a cut should hold none)
   */
  record TableAtCut(String database, String table, String location, boolean partitioned,
      Map<String, String> partitions, boolean transactional) {
    public TableAtCut {
      partitions = Map.copyOf(partitions);
    }

    public TableAtCut(String database, String table, String location, boolean partitioned,
        Map<String, String> partitions) {
      this(database, table, location, partitioned, partitions, false);
    }

    public boolean view() {
      return location.isEmpty();
    }
  }

  /**
   * @param relocations a directory of the cut to the directory the new table or partition points at
   * @param partitions the partitions the new table gets (names of the cut's); empty: none
   * @param parameters added to the table's parameters
   */
  record ExternalTable(String sourceDatabase, String sourceTable, String targetDatabase, String targetTable,
      Map<String, String> relocations, List<String> partitions, Map<String, String> parameters) {
    public ExternalTable {
      relocations = Map.copyOf(relocations);
      partitions = List.copyOf(partitions);
      parameters = Map.copyOf(parameters);
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
