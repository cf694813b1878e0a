package dev.tandem.model;

/** A file system's size as its NameNode reports it (raw bytes, all replicas), and its default replication. */
public record FsSpace(long capacityBytes, long usedBytes, long remainingBytes, int defaultReplication) {
  /** Remaining space as a share of the capacity, 0–100; 0 when the capacity is not known. */
  public double remainingPercent() {
    return capacityBytes <= 0 ? 0 : 100.0 * remainingBytes / capacityBytes;
  }
}
