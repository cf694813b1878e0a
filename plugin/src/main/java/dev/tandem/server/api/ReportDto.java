package dev.tandem.server.api;

import java.util.List;

/**
 * What a run copied. {@code mode} FULL or INCREMENTAL, {@code method} DISTCP, DIRECT or NONE; {@code notes} records
 * every non-obvious decision with its reason; {@code scrub} is the continuous verification (null when the run had
 * none).
 */
public record ReportDto(String mode, String method, long filesCopied, long bytesCopied, long pathsDeleted,
    long pathsRenamed, List<String> notes, ScrubDto scrub) {}
