package dev.tandem.metastore;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects a metastore fence holds, as written into the fence's znode: one line per whole database
 * ({@code db}) or single table ({@code db.table}), names in lower case. A table change is held when its
 * database or the table is listed; a change of a database itself when the database or any of its tables is.
 */
public final class FenceScope implements MetastoreFenceWatch.Scope {
  private final Set<String> databases;
  private final Set<String> tables;

  private FenceScope(Set<String> databases, Set<String> tables) {
    this.databases = Collections.unmodifiableSet(databases);
    this.tables = Collections.unmodifiableSet(tables);
  }

  /** The fence's data for these databases and {@code db.table} keys (both lower case). */
  public static byte[] encode(Collection<String> databases, Collection<String> tables) {
    StringBuilder b = new StringBuilder();
    for (String d : databases) {
      b.append(d).append('\n');
    }
    for (String t : tables) {
      b.append(t).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static FenceScope decode(byte[] data) {
    Set<String> dbs = new TreeSet<>();
    Set<String> tables = new TreeSet<>();
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
      String entry = line.trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.contains(".")) {
        tables.add(entry);
      } else {
        dbs.add(entry);
      }
    }
    return new FenceScope(dbs, tables);
  }

  public Set<String> databases() {
    return databases;
  }

  public Set<String> tables() {
    return tables;
  }

  @Override
  public boolean covers(String database, String table) {
    String d = database.toLowerCase(Locale.ROOT);
    if (databases.contains(d)) {
      return true;
    }
    if (table != null) {
      return tables.contains(d + "." + table.toLowerCase(Locale.ROOT));
    }
    for (String t : tables) {
      if (t.startsWith(d + ".")) {
        return true;
      }
    }
    return false;
  }
}
