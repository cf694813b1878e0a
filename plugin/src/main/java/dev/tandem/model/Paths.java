package dev.tandem.model;

/** Pure string logic on absolute, normalized slash paths, shared by planner and verifier. */
public final class Paths {
  private Paths() {}

  /** {@code path} equals {@code ancestor} or lies below it. */
  public static boolean isSameOrBelow(String path, String ancestor) {
    if (ancestor.equals("/")) {
      return path.startsWith("/");
    }
    return path.equals(ancestor) || path.startsWith(ancestor + "/");
  }

  /** Path of {@code path} relative to {@code root}: "" for the root itself, else "a/b". */
  public static String relativize(String root, String path) {
    if (!isSameOrBelow(path, root)) {
      throw new IllegalArgumentException(path + " is not below " + root);
    }
    if (path.equals(root)) {
      return "";
    }
    return root.equals("/") ? path.substring(1) : path.substring(root.length() + 1);
  }

  /** Joins a root and a relative path ("" for the root). */
  public static String join(String root, String relative) {
    if (relative.isEmpty()) {
      return root;
    }
    return root.endsWith("/") ? root + relative : root + "/" + relative;
  }

  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
