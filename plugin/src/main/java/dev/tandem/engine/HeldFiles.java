package dev.tandem.engine;

import java.util.Map;

/**
 * The files a snapshot holds that the live tree no longer has: file id (the NameNode's inode id, the same in every
 * snapshot and in the live tree) → raw bytes (length × replication).
 *
 * @param complete false when listing stopped at the caller's budget
 */
public record HeldFiles(Map<Long, Long> bytesByFile, boolean complete) {
  public static final HeldFiles NONE = new HeldFiles(Map.of(), true);

  public HeldFiles {
    bytesByFile = Map.copyOf(bytesByFile);
  }
}
