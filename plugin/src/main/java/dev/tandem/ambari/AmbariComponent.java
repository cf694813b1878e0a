package dev.tandem.ambari;

/**
 * State of a service component over the cluster ({@code ServiceComponentInfo}).
 *
 * @param state {@code STARTED} when every instance runs, otherwise e.g. {@code INSTALLED}
 */
public record AmbariComponent(String service, String component, String state, int startedCount, int installedCount,
    int totalCount) {}
