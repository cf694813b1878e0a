package dev.tandem.ambari;

import java.util.Map;

/**
 * A cluster as Ambari describes it.
 *
 * @param version the stack, e.g. {@code HDP-3.1}
 * @param desiredConfigs configuration type → tag of the configuration the cluster is meant to run with
 */
public record AmbariCluster(String name, String version, Map<String, String> desiredConfigs) {
  public AmbariCluster {
    desiredConfigs = Map.copyOf(desiredConfigs);
  }
}
