package dev.tandem.userdata;

import java.util.List;

/**
 * The protected directories and every directory below them, with their owners, permissions and ACLs. Files
 * are left out: DistCp carries each file's own, and files take their ACLs from their directory's defaults.
 *
 * @param truncated the walk stopped at the configured maximum; directories past it are not recorded
 */
public record HdfsAccess(List<PathAccess> paths, boolean truncated) {
  public HdfsAccess {
    paths = List.copyOf(paths);
  }
}
