package dev.tandem.ambari;

/**
 * One alert instance ({@code Alert}).
 *
 * @param state {@code OK}, {@code WARNING}, {@code CRITICAL}, {@code UNKNOWN}
 * @param host the host it is about, "" for a cluster-wide alert
 */
public record AmbariAlert(long id, String definition, String label, String state, String service, String component,
    String host, String text, long latestTimestamp) {}
