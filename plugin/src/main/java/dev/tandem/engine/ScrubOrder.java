package dev.tandem.engine;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order in which the scrub passes through a root: depth first, a directory before its content, the children
 * of a directory in the NameNode's own order (their UTF-8 names compared as signed bytes), so that a walk can
 * resume a directory's listing after a name without reading what comes before it. Paths are relative to the root,
 * "" being the root itself.
 */
public final class ScrubOrder {
  public static final Comparator<String> PATHS = ScrubOrder::compare;

  private ScrubOrder() {}

  public static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isEmpty()) {
      return -1;
    }
    if (b.isEmpty()) {
      return 1;
    }
    String[] x = a.split("/");
    String[] y = b.split("/");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = compareNames(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  /** Two names of one directory, as the NameNode orders them. */
  public static int compareNames(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return Byte.compare(x[i], y[i]);
      }
    }
    return Integer.compare(x.length, y.length);
  }

  /** Everything at and below {@code path} comes no later than {@code cursor}: a walk past the cursor skips it. */
  public static boolean subtreeNotAfter(String path, String cursor) {
    if (cursor.isEmpty()) {
      return false; // a pass that has not begun: everything is ahead
    }
    boolean cursorInside = path.isEmpty() || cursor.equals(path) || cursor.startsWith(path + "/");
    return !cursorInside && compare(path, cursor) < 0;
  }
}
