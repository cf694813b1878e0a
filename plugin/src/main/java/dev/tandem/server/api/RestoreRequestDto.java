package dev.tandem.server.api;

import java.util.List;

/**
 * Body of {@code POST /groups/{group}/cuts/{cut}/restore}: what to bring back (an HDFS {@code path}, or a Hive
 * {@code table} {@code db.table} with optional {@code partitions}), onto which {@code site} of the group's pair,
 * where to ({@code targetPath} / {@code targetTable}; absent: its own place), whether only to report
 * ({@code dryRun}) and whether existing data may be replaced ({@code overwrite}).
 */
public record RestoreRequestDto(String site, String path, String table, List<String> partitions, String targetPath,
    String targetTable, Boolean dryRun, Boolean overwrite) {}
