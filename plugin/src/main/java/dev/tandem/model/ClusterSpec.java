package dev.tandem.model;

/** Resource specification of a site as its manager or NameNode reports it. Zero means "not known". */
public record ClusterSpec(int nodes, int vcores, long memoryMb, long hdfsCapacityBytes, long hdfsUsedBytes) {
  public static final ClusterSpec UNKNOWN = new ClusterSpec(0, 0, 0, 0, 0);
}
