package dev.tandem.model;

import java.util.List;
import java.util.Optional;

/**
 * What to bring back from a kept cut of a group: an HDFS file or directory ({@code path}), or a Hive table
 * ({@code table}, {@code db.table}) with all its partitions or only the named ones ({@code partitions}, such as
 * {@code dt=2026-01-01}). It is written to its own place or to {@code targetPath} (a path restore) or
 * {@code targetTable} (a table restore; its data then goes to {@code targetPath} when given, else next to the
 * table's directory under the new table's name), on {@code site}, either site of the group's pair.
 *
 * @param dryRun only report what would be written
 * @param overwrite replace existing data (files, tables, partitions); without it an existing target is refused
 */
public record RestoreRequest(GroupName group, CutId cut, SiteId site, String path, String table,
    List<String> partitions, String targetPath, String targetTable, boolean dryRun, boolean overwrite) {
  public RestoreRequest {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    path = blankToNull(path);
    table = blankToNull(table);
    targetPath = blankToNull(targetPath);
    targetTable = blankToNull(targetTable);
    InvalidInputException.check(path != null || table != null, "path",
        "Name what to restore: an HDFS path (path) or a Hive table (table)");
    InvalidInputException.check(path == null || table == null, "table",
        "Restore either an HDFS path or a Hive table, not both");
    if (path != null) {
      path = validPath(path, "path");
      InvalidInputException.check(targetTable == null, "targetTable", "targetTable applies to a table restore only");
      InvalidInputException.check(partitions.isEmpty(), "partitions", "partitions apply to a table restore only");
    } else {
      table = HiveName.parse(table, "table").toString();
      if (targetTable != null) {
        targetTable = HiveName.parse(targetTable, "targetTable").toString();
      }
      for (String p : partitions) {
        InvalidInputException.check(p != null && !p.isBlank() && p.contains("=") && !p.contains("..")
            && !p.startsWith("/") && p.chars().noneMatch(Character::isISOControl), "partitions",
            "Invalid partition name '%s' (a name such as dt=2026-01-01 or dt=1/region=eu)",
            p == null ? "" : Names.printable(p));
      }
    }
    if (targetPath != null) {
      targetPath = validPath(targetPath, "targetPath");
    }
  }

  /** Where the restored path goes. */
  public Optional<String> pathTarget() {
    return Optional.ofNullable(targetPath);
  }

  public boolean isTable() {
    return table != null;
  }

  private static String validPath(String value, String field) {
    String p = value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    try {
      HdfsDirectory d = new HdfsDirectory(p);
      if (field.equals("targetPath")) {
        d.checkProtectable(field);
      }
      return d.path();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** A Hive table's name, {@code db.table}, lower case as the metastore keeps it. */
  public record HiveName(String database, String table) {
    public static HiveName parse(String text, String field) {
      int dot = text.indexOf('.');
      InvalidInputException.check(dot > 0 && dot < text.length() - 1 && text.indexOf('.', dot + 1) < 0, field,
          "Invalid table '%s': use database.table", Names.printable(text));
      try {
        HiveTable t = new HiveTable(text.substring(0, dot), text.substring(dot + 1));
        return new HiveName(t.database(), t.table());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(field, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return database + "." + table;
    }
  }
}
