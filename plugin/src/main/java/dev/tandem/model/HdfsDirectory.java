package dev.tandem.model;

import java.util.regex.Pattern;

/** An HDFS directory given as an absolute, normalized path without scheme ({@code /data/billing}). */
public record HdfsDirectory(String path) implements DataSet {
  // No ':' (HDFS refuses it in a name, and Hadoop's Path reads it as a scheme).
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._\\-/=+@]+");

  public HdfsDirectory {
    InvalidInputException.check(path != null && !path.isBlank(), "path", "HDFS path is empty");
    InvalidInputException.check(path.startsWith("/"), "path", "HDFS path must be absolute: '%s'", Names.printable(path));
    InvalidInputException.check(SAFE.matcher(path).matches(), "path",
        "HDFS path '%s' contains characters Tandem does not accept (spaces, quotes, ':', markup)",
        Names.printable(path));
    // /.reserved/raw and /.reserved/.inodes/<id> are aliases of other paths: they would defeat every overlap check.
    InvalidInputException.check(!path.equals("/.reserved") && !path.startsWith("/.reserved/"), "path",
        "HDFS path must not be in /.reserved (an alias of other paths): '%s'", path);
    for (String part : path.substring(1).split("/", -1)) {
      InvalidInputException.check(!part.equals("..") && !part.equals("."), "path",
          "HDFS path must not contain '.' or '..': '%s'", path);
      InvalidInputException.check(!part.equals(".snapshot"), "path",
          "HDFS path must not point into a snapshot: '%s'", path);
    }
    if (path.length() > 1) {
      InvalidInputException.check(!path.endsWith("/") && !path.contains("//"), "path",
          "HDFS path must be normalized (no empty components or trailing '/'): '%s'", path);
    }
  }

  public static HdfsDirectory of(String path) {
    return new HdfsDirectory(path);
  }

  /** Tandem's own HDFS tree (user data, metastore images, probes): never a data set. */
  public static final String TANDEM_TREE = "/tandem";

  /**
   * Refuses directories no group may protect: the root (every other group's data and Tandem's own) and Tandem's
   * own tree. Browsing them is fine; protecting them is not.
   */
  public void checkProtectable(String field) {
    InvalidInputException.check(!path.equals("/"), field,
        "The root directory cannot be protected: name the directories of the service");
    InvalidInputException.check(!Paths.isSameOrBelow(path, TANDEM_TREE), field,
        "HDFS path '%s' is in Tandem's own tree %s", path, TANDEM_TREE);
  }

  /** True when {@code other} is this directory or lies below it. */
  public boolean covers(String other) {
    return Paths.isSameOrBelow(other, path);
  }

  @Override
  public Component component() {
    return Component.HDFS;
  }

  @Override
  public String describe() {
    return "hdfs:" + path;
  }
}
