package dev.tandem.server.api;

import java.util.List;

/** A protection group with its current state. */
public record GroupDto(String name, String pair, String primary, String secondary, List<DataSetDto> dataSets,
    ScheduleDto schedule, int retention, String snapshots, boolean enabled, GroupStateDto state,
    String hiveFencing) {}
