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
  java.util.List<String> files(String root, String snapshot, Scope scope, String after, String until, int limit);

  /** How many files the scope holds (one summary per protected directory, not a listing). */
  long fileCount(String root, String snapshot, Scope scope);
}
