package dev.tandem.server.api;

import java.util.List;

/**
 * One group in a switch or failback: the cut now served, the data-loss window (null when unknown), bytes copied by
 * the operation against the group's size, and the snapshots that keep state rolled back.
 */
public record GroupOutcomeDto(String group, String cut, Long dataLossMillis, long bytesCopied, long bytesTotal,
    List<String> keptAs) {}
