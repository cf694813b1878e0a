package dev.tandem.ambari;

import java.util.List;

/**
 * A host with the resources Ambari's agent reports for it.
 *
 * @param cpuCount logical processors ({@code Hosts/cpu_count}), what YARN hands out as vcores
 * @param physicalCpuCount physical cores ({@code Hosts/ph_cpu_count})
 * @param totalMemKb memory in KB ({@code Hosts/total_mem})
 * @param hostState e.g. {@code HEALTHY}, {@code HEARTBEAT_LOST}
 * @param hostStatus e.g. {@code HEALTHY}, {@code ALERT}, {@code UNHEALTHY}
 */
public record AmbariHost(String name, int cpuCount, int physicalCpuCount, long totalMemKb, List<Disk> disks,
    String hostState, String hostStatus) {
  public AmbariHost {
    disks = List.copyOf(disks);
  }

  /** One mounted file system of {@code Hosts/disk_info}: sizes in KB, as {@code df -kPT} reports them. */
  public record Disk(String mountpoint, String type, String device, long sizeKb, long usedKb, long availableKb) {}
}
