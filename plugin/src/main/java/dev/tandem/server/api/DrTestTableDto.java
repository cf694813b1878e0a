package dev.tandem.server.api;

import java.util.List;

/**
 * A Hive table of the cut and the external {@code test} table it became ({@code exposed} false: not exposed, the
 * checks and notes say why), with its location (a snapshot path), its partitions, its directories in the cut's
 * snapshot and how many of them are missing (the first ones named), and its files and bytes compared with the
 * primary's snapshot of the same cut as for paths.
 */
public record DrTestTableDto(String source, String test, boolean exposed, String location, long partitions,
    long directories, long missingDirectories, List<String> missing, long files, long bytes,
    String primaryComparison, Long primaryFiles, Long primaryBytes) {}
