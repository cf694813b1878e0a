package dev.tandem.server.api;

/** How far the copy is. Totals are what is known so far and may grow. */
public record ProgressDto(String step, long filesDone, long filesTotal, long bytesDone, long bytesTotal, int percent) {}
