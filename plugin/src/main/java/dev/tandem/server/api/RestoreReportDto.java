package dev.tandem.server.api;

import java.util.List;

/**
 * What a restore wrote, or (dryRun) would write: actions, files and directories (the first 1000;
 * entriesOmitted more), counts, notes.
 */
public record RestoreReportDto(String group, String cut, String site, boolean dryRun, List<RestoreActionDto> actions,
    List<RestoreEntryDto> entries, long entriesOmitted, long filesCopied, long bytesCopied, long pathsDeleted,
    long tablesWritten, long partitionsWritten, List<String> notes) {}
