package dev.tandem.engine;

/** Lists a scoped tree of one snapshot, with checksums comparable across block sizes. */
public interface ManifestReader {
  /**
   * @param snapshot snapshot name, or "" for the current state
   * @param checksums which files to checksum (checksums cost a round trip to a DataNode each)
   */
  Manifest read(String root, String snapshot, Scope scope, ChecksumSelection checksums);

  /**
   * Lists only {@code region} within the scope: each of its exact paths that exists (the entry alone) and each of
   * its subtrees that exists (the entry and everything below it), with the checksum of every file listed. Costs
   * O(region), not O(tree): what an incremental verification reads.
   */
  Manifest readRegion(String root, String snapshot, Scope scope, ChecksumSelection region);

  /**
   * The checksum of the first {@code length} bytes of one file, comparable with a whole file's checksum of that
   * length on another cluster: how a copy of a file still being written is checked to be an exact prefix.
   */
  String checksum(String root, String snapshot, String relative, long length);

  /**
   * Files of the scope in {@link ScrubOrder}, strictly after {@code after} ("" = from the first) and not after
   * {@code until} (null = to the end), at most {@code limit}. Reads only the directories on the way from
   * {@code after} to the last file returned: what a run's scrub slice costs.
   */
  default java.util.List<String> files(String root, String snapshot, Scope scope, String after, String until,
      int limit) {
    return new java.util.ArrayList<>(fileEntries(root, snapshot, scope, after, until, limit).keySet());
  }

  /**
   * The same files as {@link #files}, in the same order (an insertion-ordered map), each with the listing entry the
   * walk read anyway (no checksum): a scrub compares them without asking for each file's status again.
   */
  java.util.Map<String, Manifest.Entry> fileEntries(String root, String snapshot, Scope scope, String after,
      String until, int limit);

  /**
   * Starts the checksums of the first {@code lengths} bytes of files (relative path to listed length) in parallel;
   * the answer waits for them. Two sites' checksums started one after the other run together.
   */
  PendingChecksums checksums(String root, String snapshot, java.util.Map<String, Long> lengths);

  /** Checksums being computed. */
  @FunctionalInterface
  interface PendingChecksums {
    /** Relative path to checksum, once all are done. */
    java.util.Map<String, String> await();
  }

  /** How many files the scope holds (one summary per protected directory, not a listing). */
  long fileCount(String root, String snapshot, Scope scope);
}
