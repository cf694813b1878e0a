package dev.tandem.ranger;

/**
 * A Ranger service: the policies of one component of one cluster.
 *
 * @param type the service definition, e.g. {@code hdfs}, {@code hive}
 */
public record RangerService(long id, String name, String type, boolean enabled) {}
