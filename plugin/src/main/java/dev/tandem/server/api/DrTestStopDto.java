package dev.tandem.server.api;

import java.util.List;

/** What stopping a DR test removed: the test databases dropped (no file deleted), whether the cut was released. */
public record DrTestStopDto(String group, String cut, List<String> databasesDropped, long tablesDropped,
    boolean holdReleased, List<String> notes) {}
