package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;

/**
 * An active DR test of a group: the cut it exposes on the secondary ({@code site}), when and by whom it was started,
 * its test databases, and what was checked ({@code passed} when every check is ok; {@code finished} false while the
 * start is under way or after one cut short, which {@code DELETE} cleans up).
 */
public record DrTestDto(String group, String cut, Instant cutTakenAt, String site, String primary, Instant startedAt,
    String startedBy, String databaseSuffix, List<String> databases, boolean finished, boolean passed,
    Instant checkedAt, List<DrTestPathDto> paths, List<DrTestTableDto> tables, List<DrTestCheckDto> checks,
    List<String> notes) {}
