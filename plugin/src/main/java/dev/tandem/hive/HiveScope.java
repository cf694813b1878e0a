package dev.tandem.hive;

import dev.tandem.model.DataSet;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.metastore.FenceScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which metastore objects a group protects: whole databases and single tables, names in lower case. */
public record HiveScope(Set<String> databases, Set<String> tables) {
  public HiveScope {
    databases = Set.copyOf(databases);
    tables = Set.copyOf(tables);
  }

  public static HiveScope of(ProtectionGroup group) {
    Set<String> dbs = new TreeSet<>();
    Set<String> tables = new TreeSet<>();
    for (DataSet d : group.dataSets()) {
      if (d instanceof HiveDatabase db) {
        dbs.add(db.database());
      } else if (d instanceof HiveTable t) {
        tables.add(key(t.database(), t.table()));
      }
    }
    return new HiveScope(dbs, tables);
  }

  public boolean isEmpty() {
    return databases.isEmpty() && tables.isEmpty();
  }

  /** The database is protected whole or has a protected table (its metadata is replicated either way). */
  public boolean touches(String db) {
    String d = db.toLowerCase(Locale.ROOT);
    return databases.contains(d) || tables.stream().anyMatch(t -> t.startsWith(d + "."));
  }

  public boolean contains(String db, String table) {
    String d = db.toLowerCase(Locale.ROOT);
    return databases.contains(d) || tables.contains(key(d, table));
  }

  /** {@link #contains} for a table's {@link #key}. */
  public boolean containsKey(String key) {
    return databases.contains(key.substring(0, key.indexOf('.'))) || tables.contains(key);
  }

  /** Table {@link #key}s grouped by database (sorted), each database's table names in the order given. */
  public static Map<String, List<String>> byDatabase(Collection<String> keys) {
    Map<String, List<String>> byDb = new TreeMap<>();
    for (String k : keys) {
      int dot = k.indexOf('.');
      byDb.computeIfAbsent(k.substring(0, dot), d -> new ArrayList<>()).add(k.substring(dot + 1));
    }
    return byDb;
  }

  /** Every database the scope touches. */
  public Set<String> allDatabases() {
    Set<String> all = new TreeSet<>(databases);
    tables.forEach(t -> all.add(t.substring(0, t.indexOf('.'))));
    return all;
  }

  public static String key(String db, String table) {
    return db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
  }

  /**
   * The metastore fence's data for this scope ({@link FenceScope}: one line per {@code db} or {@code db.table}),
   * which the metastores' listener decodes.
   */
  public byte[] encode() {
    return FenceScope.encode(new TreeSet<>(databases), new TreeSet<>(tables));
  }
}
