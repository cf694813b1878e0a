package dev.tandem.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An active DR test of a group, as the secondary's registry records it: the kept cut it exposes (which retention
 * keeps on both sites until the test is stopped), who started it and when, the test databases it created (each
 * marked with the group and cut), and what was checked. The record is written before anything is exposed, so a
 * start cut short leaves a record that {@code stop} cleans up after; {@code report} is absent until the start has
 * finished.
 *
 * @param site the group's secondary, where the cut is exposed
 * @param databases the test databases, in the order they were created
 */
public record DrTest(GroupName group, CutId cut, SiteId site, Instant startedAt, String startedBy,
    String databaseSuffix, List<String> databases, DrTestReport report) {
  /** Parameter of a test database (and its tables) naming the group whose DR test created it. */
  public static final String GROUP_MARKER = "tandem.drtest.group";
  /** Parameter of a test database (and its tables) naming the cut exposed. */
  public static final String CUT_MARKER = "tandem.drtest.cut";
  /** Parameter of a test database or table naming its source. */
  public static final String SOURCE_MARKER = "tandem.drtest.source";

  public DrTest {
    databases = List.copyOf(databases);
  }

  public Optional<DrTestReport> finished() {
    return Optional.ofNullable(report);
  }

  public DrTest withReport(DrTestReport value) {
    return new DrTest(group, cut, site, startedAt, startedBy, databaseSuffix, databases, value);
  }
}
