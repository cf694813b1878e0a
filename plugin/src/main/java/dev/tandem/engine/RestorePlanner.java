package dev.tandem.engine;

import dev.tandem.engine.RestoreTables.TableAtCut;
import dev.tandem.engine.RestoreTables.TableRestore;
import dev.tandem.model.Cut;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Paths;
import dev.tandem.model.RestoreAction;
import dev.tandem.model.RestoreAction.Kind;
import dev.tandem.model.RestoreRequest;
import dev.tandem.model.RestoreRequest.HiveName;
import dev.tandem.model.SnapshotRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a restore writes, without writing: which snapshot paths of the cut are copied where, which table
 * definition and partitions are written, and which of those targets exist now (and so need the overwrite
 * confirmation). Pure: what it needs to know of the site comes through {@link Facts}.
 */
final class RestorePlanner {
  /** What the planner asks of the restoring site. */
  interface Facts {
    /** A file or directory exists at the path (a live path or a snapshot path). */
    boolean exists(String path);

    /** The partition names the site's metastore has for the table now; empty when there is no such table. */
    Optional<Set<String>> partitionsNow(String database, String table);

    boolean databaseExists(String database);
  }

  /** One tree to copy: the cut's path, where the cut's snapshot holds it, where it goes. */
  record Copy(String cutPath, String source, String target) {}

  /** @param conflicts existing targets, named for the operator */
  record Plan(List<Copy> copies, Optional<TableRestore> table, List<RestoreAction> actions, List<String> conflicts) {
    Plan {
      copies = List.copyOf(copies);
      actions = List.copyOf(actions);
      conflicts = List.copyOf(conflicts);
    }
  }

  private RestorePlanner() {}

  static Plan plan(Cut cut, RestoreRequest rq, Optional<TableAtCut> table, Facts facts) {
    return rq.isTable() ? planTable(cut, rq, table, facts) : planPath(cut, rq, facts);
  }

  /** Where {@code cut} holds {@code path}: {@code <root>/.snapshot/<name>/<relative>}. */
  static Optional<String> snapshotPath(Cut cut, String path) {
    SnapshotRoot best = null;
    for (SnapshotRoot root : cut.roots()) {
      if (Paths.isSameOrBelow(path, root.path()) && Scope.of(root).contains(Paths.relativize(root.path(), path))
          && (best == null || root.path().length() > best.path().length())) {
        best = root;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String base = Paths.join(best.path(), ".snapshot/" + cut.snapshotName());
    return Optional.of(Paths.join(base, Paths.relativize(best.path(), path)));
  }

  private static Plan planPath(Cut cut, RestoreRequest rq, Facts facts) {
    String source = snapshotPath(cut, rq.path()).orElseThrow(() -> new InvalidInputException("path", "Path "
        + rq.path() + " is not in the data sets of group " + cut.group() + " as of cut " + cut.id()));
    InvalidInputException.check(facts.exists(source), "path", "Cut %s of group %s has no file or directory %s",
        cut.id(), cut.group(), rq.path());
    String target = rq.pathTarget().orElse(rq.path());
    boolean replaces = facts.exists(target);
    return new Plan(List.of(new Copy(rq.path(), source, target)), Optional.empty(),
        List.of(new RestoreAction(Kind.FILES, rq.path() + "@" + cut.id(), target, replaces)),
        replaces ? List.of(target) : List.of());
  }

  private static Plan planTable(Cut cut, RestoreRequest rq, Optional<TableAtCut> found, Facts facts) {
    TableAtCut t = found.orElseThrow(() -> new InvalidInputException("table", "Table " + rq.table()
        + " is not in cut " + cut.id() + " of group " + cut.group()));
    HiveName source = HiveName.parse(rq.table(), "table");
    HiveName target = rq.targetTable() == null ? source : HiveName.parse(rq.targetTable(), "targetTable");
    InvalidInputException.check(facts.databaseExists(target.database()), "targetTable",
        "Database %s does not exist on the restoring site: create it first", target.database());
    boolean partial = !rq.partitions().isEmpty();
    InvalidInputException.check(!partial || t.partitioned(), "partitions", "Table %s is not partitioned", source);
    for (String p : rq.partitions()) {
      InvalidInputException.check(t.partitions().containsKey(p), "partitions",
          "Cut %s has no partition %s of table %s (it has %d)", cut.id(), p, source, t.partitions().size());
    }
    InvalidInputException.check(rq.targetPath() == null || !t.location().isEmpty(), "targetPath",
        "Table %s is a view: it has no directory to restore elsewhere", source);
    boolean moved = !target.equals(source) || rq.targetPath() != null;
    String newLocation = t.location().isEmpty() || !moved ? t.location()
        : rq.pathTarget().orElse(Paths.join(Paths.parent(t.location()), target.table()));

    List<String> restored = partial ? new ArrayList<>(new LinkedHashSet<>(rq.partitions()))
        : new ArrayList<>(t.partitions().keySet());
    Map<String, String> relocations = new LinkedHashMap<>();
    List<String> dirs = new ArrayList<>();
    if (!t.location().isEmpty()) {
      relocations.put(t.location(), newLocation);
      if (!partial) {
        dirs.add(t.location());
      }
    }
    for (String p : restored) {
      String at = t.partitions().get(p);
      if (at == null || at.isEmpty()) {
        continue;
      }
      boolean inTable = !t.location().isEmpty() && Paths.isSameOrBelow(at, t.location());
      // In place everything stays; moved, a partition outside the table's directory joins the new one by name.
      relocations.put(at, !moved ? at : inTable ? Paths.join(newLocation, Paths.relativize(t.location(), at))
          : Paths.join(newLocation, p));
      if (partial || !inTable) {
        dirs.add(at);
      }
    }

    List<Copy> copies = new ArrayList<>();
    List<RestoreAction> actions = new ArrayList<>();
    Set<String> conflicts = new LinkedHashSet<>();
    for (String dir : dirs) {
      String snap = snapshotPath(cut, dir).orElseThrow(() -> new InvalidInputException("table", "Directory " + dir
          + " of table " + source + " is not in the snapshots of cut " + cut.id()));
      if (!facts.exists(snap)) {
        continue; // a directory the table names but never had: only its definition comes back
      }
      String to = relocations.get(dir);
      boolean replaces = facts.exists(to);
      copies.add(new Copy(dir, snap, to));
      actions.add(new RestoreAction(Kind.FILES, dir + "@" + cut.id(), to, replaces));
      if (replaces) {
        conflicts.add(to);
      }
    }
    Optional<Set<String>> now = facts.partitionsNow(target.database(), target.table());
    if (!partial || now.isEmpty()) {
      actions.add(new RestoreAction(Kind.TABLE, source + "@" + cut.id(), target.toString(), now.isPresent()));
      if (now.isPresent()) {
        conflicts.add("table " + target);
      }
    }
    for (String p : restored) {
      boolean replaces = now.map(s -> s.contains(p)).orElse(false);
      actions.add(new RestoreAction(Kind.PARTITION, source + "/" + p + "@" + cut.id(), target + "/" + p, replaces));
      if (replaces && partial) {
        conflicts.add("partition " + target + "/" + p);
      }
    }
    TableRestore write = new TableRestore(source.database(), source.table(), target.database(), target.table(),
        relocations, partial ? restored : List.of());
    return new Plan(copies, Optional.of(write), actions, new ArrayList<>(conflicts));
  }
}
