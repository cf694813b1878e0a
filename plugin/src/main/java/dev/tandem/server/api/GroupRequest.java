package dev.tandem.server.api;

import java.util.List;

/**
 * Creates or replaces a protection group. On update the name may be omitted (the path names the group).
 *
 * @param snapshots {@code EXISTING_ONLY} (default) or {@code ENABLE_IF_MISSING}
 * @param hiveFencing {@code REQUIRED} (default: a cut with Hive data sets fails when no metastore has Tandem's
 *     fence listener) or {@code ALLOW_UNFENCED} (it goes ahead, and the run report says so)
 * @param retention cuts to keep, 1..1000 (default 7)
 * @param enabled default true
 */
public record GroupRequest(String name, String primary, String secondary, List<DataSetDto> dataSets,
    ScheduleDto schedule, Integer retention, String snapshots, Boolean enabled, String hiveFencing) {}
