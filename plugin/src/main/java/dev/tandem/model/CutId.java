package dev.tandem.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Identity of a cut: its UTC time to the millisecond ({@code 20261124T150000123Z}). Sorts by time as text,
 * which keeps snapshot listings and znode children in order.
 */
public record CutId(String value) implements Comparable<CutId> {
  private static final Pattern VALID = Pattern.compile("\\d{8}T\\d{9}Z");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  public CutId {
    InvalidInputException.check(value != null && VALID.matcher(value).matches(), "cut",
        "Invalid cut id '%s'", value == null ? "" : Names.printable(value));
  }

  public static CutId at(Instant instant) {
    return new CutId(FORMAT.format(instant));
  }

  public Instant instant() {
    return Instant.from(FORMAT.parse(value));
  }

  /** The HDFS snapshot name of this cut for {@code group}, identical on both sites. */
  public String snapshotName(GroupName group) {
    return snapshotPrefix(group) + value;
  }

  public static String snapshotPrefix(GroupName group) {
    return "tandem-" + group.value() + "-";
  }

  /** The cut a snapshot of {@code group} was taken for; empty for any other snapshot (an operator's, a drift). */
  public static java.util.Optional<CutId> fromSnapshotName(GroupName group, String name) {
    String prefix = snapshotPrefix(group);
    if (name.startsWith(prefix) && VALID.matcher(name.substring(prefix.length())).matches()) {
      return java.util.Optional.of(new CutId(name.substring(prefix.length())));
    }
    return java.util.Optional.empty();
  }

  /** Name of the snapshot that keeps a secondary's divergent state before it is rolled back. */
  public static String driftSnapshotName(GroupName group, java.time.Instant at) {
    return driftPrefix(group) + at(at).value();
  }

  public static String driftPrefix(GroupName group) {
    return snapshotPrefix(group) + "drift-";
  }

  /**
   * When a drift snapshot of {@code group} was taken, from its name (the clock of the server that rolled the drift
   * back, not the NameNode's); empty for any other snapshot.
   */
  public static java.util.Optional<Instant> driftTime(GroupName group, String name) {
    String prefix = driftPrefix(group);
    if (name.startsWith(prefix) && VALID.matcher(name.substring(prefix.length())).matches()) {
      return java.util.Optional.of(new CutId(name.substring(prefix.length())).instant());
    }
    return java.util.Optional.empty();
  }

  @Override
  public int compareTo(CutId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
