package dev.tandem.ambari;

import java.util.Map;
import java.util.TreeMap;

/** One configuration of a cluster: its type (a file, e.g. {@code capacity-scheduler}), tag and properties. */
public record AmbariConfig(String type, String tag, Map<String, String> properties) {
  public AmbariConfig {
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }
}
