package dev.tandem.ambari;

import dev.tandem.model.ClusterSpec;
import java.util.List;
import java.util.Set;

/** A site's resource specification from its manager's hosts. */
public final class ClusterSpecs {
  /** File systems that are memory or kernel views, not disks. */
  private static final Set<String> NOT_DISKS = Set.of("tmpfs", "devtmpfs", "proc", "sysfs", "overlay", "squashfs");

  private ClusterSpecs() {}

  /**
   * Nodes = hosts; vcores = their logical processors; memory = their RAM; capacity and used = the sizes of
   * their disks. Disk figures are raw: an upper bound of what HDFS offers (it reserves space and shares disks
   * with the OS), so the NameNode's own figure wins wherever it is at hand.
   */
  public static ClusterSpec fromHosts(List<AmbariHost> hosts) {
    int vcores = 0;
    long memKb = 0;
    long sizeKb = 0;
    long usedKb = 0;
    for (AmbariHost h : hosts) {
      vcores += h.cpuCount();
      memKb += h.totalMemKb();
      for (AmbariHost.Disk d : h.disks()) {
        if (!NOT_DISKS.contains(d.type())) {
          sizeKb += d.sizeKb();
          usedKb += d.usedKb();
        }
      }
    }
    return new ClusterSpec(hosts.size(), vcores, memKb / 1024, sizeKb * 1024, usedKb * 1024);
  }
}
