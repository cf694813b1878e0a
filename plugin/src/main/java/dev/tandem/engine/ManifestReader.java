package dev.tandem.engine;

/** Lists a scoped tree of one snapshot, with checksums comparable across block sizes. */
public interface ManifestReader {
  /**
   * @param snapshot snapshot name, or "" for the current state
   * @param checksums which files to checksum (checksums cost a round trip to a DataNode each)
   */
  Manifest read(String root, String snapshot, Scope scope, ChecksumSelection checksums);
}
