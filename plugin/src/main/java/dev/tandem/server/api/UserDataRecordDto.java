package dev.tandem.server.api;

import java.util.List;

/** A kept version with every right it holds (the full document stays on the secondary's HDFS). */
public record UserDataRecordDto(String group, UserDataVersionDto version, List<GrantDto> grants) {}
