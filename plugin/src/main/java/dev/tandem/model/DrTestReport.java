package dev.tandem.model;

import java.time.Instant;
import java.util.List;

/**
 * What a DR test exposed on the group's secondary and what it checked there and against the primary.
 *
 * @param cutTakenAt when the cut was taken at the primary
 * @param paths the group's HDFS data sets, exposed as their read-only snapshot paths
 * @param tables the cut's Hive tables, each as an external table of a test database over the snapshot paths
 * @param checks every check made, in order; the test passed when all are ok
 * @param checkedAt when the checks were made (at the start)
 */
public record DrTestReport(CutId cut, Instant cutTakenAt, SiteId site, SiteId primary, List<ExposedPath> paths,
    List<ExposedTable> tables, List<Check> checks, List<String> notes, Instant checkedAt) {
  /** At most this many missing directories are named per table (the count is always whole). */
  public static final int MAX_MISSING_NAMED = 20;

  public DrTestReport {
    paths = List.copyOf(paths);
    tables = List.copyOf(tables);
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
  }

  public boolean passed() {
    return checks.stream().allMatch(Check::ok);
  }

  /** How the primary's snapshot of the same cut compares, by file count and bytes. */
  public enum Comparison {
    /** Same file count and bytes on both sites. */
    EQUAL,
    /** The counts differ: the detail of the check says how. */
    DIFFERENT,
    /** The primary no longer holds the cut's snapshot there (nothing to compare with). */
    NOT_ON_PRIMARY,
    /** The primary could not be read. */
    PRIMARY_UNAVAILABLE
  }

  /**
   * What a tree of the cut holds: on the secondary, and on the primary's snapshot of the same cut ({@code -1}
   * there unless {@code primary} is EQUAL or DIFFERENT).
   */
  public record Usage(long files, long bytes, Comparison primary, long primaryFiles, long primaryBytes) {}

  /**
   * An HDFS data set of the group as the cut holds it.
   *
   * @param snapshotPath where applications read it: {@code <root>/.snapshot/<cut's snapshot>/<relative path>}
   * @param exists whether the secondary's snapshot holds it ({@code usage} is zero otherwise)
   */
  public record ExposedPath(String path, String snapshotPath, boolean exists, Usage usage) {}

  /**
   * A Hive table of the cut and the external table it became.
   *
   * @param source {@code db.table} as the cut holds it
   * @param test {@code testdb.table}; empty when the table was not exposed (the checks and notes say why)
   * @param location the test table's location (a snapshot path), "" when not exposed
   * @param partitions partitions of the test table (the cut's whose directories exist)
   * @param directories the table's and its partitions' directories in the cut's snapshot
   * @param missingDirectories how many of them the secondary's snapshot lacks
   * @param missing the first {@link #MAX_MISSING_NAMED} of them
   */
  public record ExposedTable(String source, String test, String location, long partitions, long directories,
      long missingDirectories, List<String> missing, Usage usage) {
    public ExposedTable {
      missing = List.copyOf(missing);
    }

    public boolean exposed() {
      return !test.isEmpty();
    }
  }

  /** One thing checked: what, whether it held, and the detail (the numbers, or what went wrong). */
  public record Check(String name, boolean ok, String detail) {}
}
