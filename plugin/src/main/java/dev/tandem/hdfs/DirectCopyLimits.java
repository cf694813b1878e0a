package dev.tandem.hdfs;

/**
 * Up to which diff size an incremental copy runs in-process. Beyond it, a DistCp job's parallelism across
 * the cluster outweighs its start-up cost. {@link #NEVER} forces DistCp, {@link #ALWAYS} forces in-process.
 */
public record DirectCopyLimits(int maxEntries, long maxFiles, long maxBytes) {
  public static final DirectCopyLimits DEFAULT = new DirectCopyLimits(5_000, 2_000, 2L << 30);
  public static final DirectCopyLimits NEVER = new DirectCopyLimits(-1, -1, -1);
  public static final DirectCopyLimits ALWAYS = new DirectCopyLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
}
