package dev.tandem.hdfs;

/**
 * Up to which size a copy runs in-process. The default keeps an in-process copy within roughly the start-up
 * time of a DistCp job on YARN (15-30 s: the application master and containers must be scheduled first):
 * about 0.2 ms per file over 16 parallel streams and one host's bandwidth for the bytes. Beyond it, the
 * job's parallelism across the cluster wins. {@link #NEVER} forces DistCp, {@link #ALWAYS} in-process.
 */
public record DirectCopyLimits(int maxEntries, long maxFiles, long maxBytes) {
  public static final DirectCopyLimits DEFAULT = new DirectCopyLimits(50_000, 50_000, 2L << 30);
  public static final DirectCopyLimits NEVER = new DirectCopyLimits(-1, -1, -1);
  public static final DirectCopyLimits ALWAYS = new DirectCopyLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
}
