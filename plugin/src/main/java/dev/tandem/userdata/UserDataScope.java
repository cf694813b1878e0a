package dev.tandem.userdata;

import dev.tandem.engine.Scope;
import dev.tandem.model.Cut;
import dev.tandem.model.DataSet;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.Paths;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SnapshotRoot;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a site's user data belongs to a group: its protected directories (every directory the cut
 * covers), its Hive databases and tables, and its tenant: the YARN queue named after the group.
 *
 * @param paths absolute protected directories
 * @param hiveDatabases databases protected whole
 * @param hiveTables tables protected on their own, {@code db.table}
 * @param tenant leaf name of the group's YARN queue(s)
 */
public record UserDataScope(List<String> paths, List<String> hiveDatabases, List<String> hiveTables, String tenant) {
  public UserDataScope {
    paths = List.copyOf(paths);
    hiveDatabases = List.copyOf(hiveDatabases);
    hiveTables = List.copyOf(hiveTables);
  }

  public static UserDataScope of(ProtectionGroup group, Cut cut) {
    List<String> paths = new ArrayList<>();
    for (SnapshotRoot root : cut.roots()) {
      paths.addAll(Scope.of(root).absolute(root.path()));
    }
    List<String> dbs = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    for (DataSet d : group.dataSets()) {
      if (d instanceof HiveDatabase db) {
        dbs.add(db.database());
      } else if (d instanceof HiveTable t) {
        tables.add(t.database() + "." + t.table());
      }
    }
    return new UserDataScope(paths.stream().sorted().toList(), dbs, tables, group.name().value());
  }

  /** {@code path} is a protected directory or lies below one. */
  public boolean covers(String path) {
    return paths.stream().anyMatch(p -> Paths.isSameOrBelow(path, p));
  }

  /** {@code path} is a protected directory, lies below one, or is an ancestor of one. */
  public boolean touches(String path) {
    return covers(path) || paths.stream().anyMatch(p -> Paths.isSameOrBelow(p, path));
  }

  /** The Hive database is protected whole, or holds a protected table. */
  public boolean touchesDatabase(String database) {
    return hiveDatabases.contains(database) || hiveTables.stream().anyMatch(t -> t.startsWith(database + "."));
  }

  /** The table is protected, on its own or with its database. */
  public boolean coversTable(String database, String table) {
    return hiveDatabases.contains(database) || hiveTables.contains(database + "." + table);
  }
}
