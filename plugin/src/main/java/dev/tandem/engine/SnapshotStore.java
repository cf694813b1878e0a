package dev.tandem.engine;

import dev.tandem.model.OpenFileCapture;
import java.util.List;
import java.util.Optional;

/**
 * A site's file system as the engine sees it: paths are absolute and scheme-less. Adapters wrap their
 * checked exceptions in {@link dev.tandem.model.TandemException} with the path in the message.
 */
public interface SnapshotStore {
  /** The file system's URI, for messages and reports. */
  String uri();

  boolean isDirectory(String path);

  void mkdirs(String path);

  /** The path itself or its nearest snapshottable ancestor. */
  Optional<String> snapshottableRootOf(String path);

  /** Makes {@code path} snapshottable; a no-op when it already is. */
  void allowSnapshot(String path);

  /** Names of the snapshots of {@code root}, oldest first. */
  List<String> snapshots(String root);

  /** Creates a snapshot; a no-op when one with that name already exists (a retried step). */
  void createSnapshot(String root, String name);

  /** Deletes a snapshot; a no-op when it does not exist. */
  void deleteSnapshot(String root, String name);

  default boolean hasSnapshot(String root, String name) {
    return snapshots(root).contains(name);
  }

  /**
   * Files open for write below {@code root}, relative to it. Not atomic with anything: a file may open or close
   * while it is listed. Empty where the file system cannot tell.
   */
  default List<String> openFiles(String root) {
    return List.of();
  }

  /** Whether this file system's snapshots freeze files open for write; see {@link OpenFileCapture}. */
  default OpenFileCapture openFileCapture() {
    return OpenFileCapture.FROZEN;
  }

  /** When the snapshot was taken, by the file system's clock (epoch millis). */
  long snapshotTime(String root, String name);

  /** Changes of {@code root} from snapshot {@code from} to snapshot {@code to} ("" = the current state). */
  TreeDiff diff(String root, String from, String to);

  /**
   * The files of snapshot {@code name} of {@code root} that the live tree no longer has (deleted or replaced since),
   * listing at most {@code maxFiles}. Files changed in place (appended, truncated) are the same file and not listed.
   * Costs one snapshot diff and a listing of what it deleted; nothing where the file system cannot tell.
   */
  default HeldFiles heldBeyondLive(String root, String name, int maxFiles) {
    return HeldFiles.NONE;
  }

  /**
   * The file system's own count of what all snapshots of {@code root} hold beyond its live tree, in raw bytes; -1
   * where it has none. Costs a traversal of the root by the file system.
   */
  default long snapshotOnlyBytes(String root) {
    return -1;
  }

  /** The file system's capacity and free space; empty where it cannot tell. */
  default java.util.Optional<dev.tandem.model.FsSpace> space() {
    return java.util.Optional.empty();
  }
}
