package dev.tandem.model;

/**
 * What a site's NameNode does with a file open for write when a snapshot is taken
 * ({@code dfs.namenode.snapshot.capture.openfiles}, HDFS-11402).
 */
public enum OpenFileCapture {
  /** The snapshot keeps the length the NameNode knew at that moment; later writes and the close are diffs. */
  FROZEN,
  /**
   * The snapshot follows the live file until it is closed, and no snapshot diff ever lists the writes or the
   * close: such files must be copied and checked by name until they are closed.
   */
  LIVE,
  /** Not known (the probe failed); treated as {@link #LIVE}, which is only slower. */
  UNKNOWN;

  public boolean frozen() {
    return this == FROZEN;
  }
}
