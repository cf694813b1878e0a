package dev.tandem.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One audit entry. {@code status} is the HTTP status answered (0 for actions that were not requests: scheduled
 * runs, arbiter decisions, operations ending, the CLI's disaster-recovery verbs); {@code unreached} lists the sites
 * whose registries the entry could not be written to when it was recorded.
 */
public record AuditEntryDto(String id, Instant time, String user, String via, String action, String target,
    String group, Map<String, String> parameters, int status, boolean success, String error, String recordedBy,
    List<String> unreached) {}
