package dev.tandem.engine.fake;

import dev.tandem.engine.RestoreTables;
import dev.tandem.model.ConflictException;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A site's metastore as a DR test uses it, in memory: the cuts' images (their tables), databases with their
 * parameters and locations, the external tables written. {@link #failWrites(RuntimeException)} makes the next table
 * writes throw.
 */
public final class FakeRestoreTables implements RestoreTables {
  /** A database as created: where it points and its parameters. */
  public record Db(String location, String description, Map<String, String> parameters) {}

  private final Map<CutId, List<TableAtCut>> images = new HashMap<>();
  private final Map<String, Db> databases = new TreeMap<>();
  private final Map<String, ExternalTable> tables = new TreeMap<>();
  private final List<String> calls = new ArrayList<>();
  private RuntimeException writeFailure;

  public synchronized FakeRestoreTables image(CutId cut, TableAtCut... tablesOfCut) {
    images.put(cut, List.of(tablesOfCut));
    return this;
  }

  public synchronized FakeRestoreTables database(String name, Map<String, String> parameters) {
    databases.put(name, new Db("/somewhere", "", Map.copyOf(parameters)));
    return this;
  }

  public synchronized FakeRestoreTables failWrites(RuntimeException e) {
    writeFailure = e;
    return this;
  }

  public synchronized Map<String, Db> databases() {
    return new TreeMap<>(databases);
  }

  /** The external tables, keyed {@code db.table}. */
  public synchronized Map<String, ExternalTable> tables() {
    return new TreeMap<>(tables);
  }

  /** Every state-changing call, in order ({@code create db}, {@code drop db}, {@code write db.t}). */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized Optional<List<TableAtCut>> tablesAtCut(GroupName group, CutId cut) {
    return Optional.ofNullable(images.get(cut));
  }

  @Override
  public synchronized Optional<TableAtCut> atCut(GroupName group, CutId cut, String database, String table) {
    return tablesAtCut(group, cut).flatMap(l -> l.stream()
        .filter(t -> t.database().equals(database) && t.table().equals(table)).findFirst());
  }

  @Override
  public synchronized Optional<Set<String>> partitionsNow(String database, String table) {
    return Optional.ofNullable(tables.get(database + "." + table)).map(t -> new TreeSet<>(t.partitions()));
  }

  @Override
  public synchronized boolean databaseExists(String database) {
    return databases.containsKey(database);
  }

  @Override
  public synchronized Optional<Map<String, String>> databaseParameters(String database) {
    return Optional.ofNullable(databases.get(database)).map(Db::parameters);
  }

  @Override
  public synchronized void createDatabase(String database, String location, String description,
      Map<String, String> parameters) {
    if (databases.containsKey(database)) {
      throw new ConflictException("Database " + database + " exists");
    }
    calls.add("create " + database);
    databases.put(database, new Db(location, description, Map.copyOf(parameters)));
  }

  @Override
  public synchronized long dropDatabase(String database) {
    if (databases.remove(database) == null) {
      return 0;
    }
    calls.add("drop " + database);
    long n = tables.keySet().stream().filter(k -> k.startsWith(database + ".")).count();
    tables.keySet().removeIf(k -> k.startsWith(database + "."));
    return n;
  }

  @Override
  public synchronized Written writeExternal(GroupName group, CutId cut, ExternalTable table) {
    if (writeFailure != null) {
      throw writeFailure;
    }
    if (!databases.containsKey(table.targetDatabase())) {
      throw new TandemException("NoSuchObjectException database " + table.targetDatabase());
    }
    calls.add("write " + table.targetDatabase() + "." + table.targetTable());
    tables.put(table.targetDatabase() + "." + table.targetTable(), table);
    return new Written(1, table.partitions().size());
  }

  @Override
  public Written write(GroupName group, CutId cut, TableRestore restore) {
    throw new UnsupportedOperationException("write");
  }
}
