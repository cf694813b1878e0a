package dev.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Independent view of a tree for assertions: every entry with its type, permission, owner and, for files,
 * the MD5 of the bytes actually read. Deliberately shares no code with the engine's verifier.
 */
public final class Trees {
  private Trees() {}

  /** Relative path → description. Skips paths whose first component is in {@code skip}. */
  public static Map<String, String> describe(FileSystem fs, String base, String... skip) throws IOException {
    Map<String, String> out = new TreeMap<>();
    walk(fs, new Path(base), "", out, java.util.Set.of(skip));
    return out;
  }

  private static void walk(FileSystem fs, Path dir, String rel, Map<String, String> out, java.util.Set<String> skip)
      throws IOException {
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      String r = rel.isEmpty() ? name : rel + "/" + name;
      if (rel.isEmpty() && skip.contains(name)) {
        continue;
      }
      String attrs = st.getOwner() + ":" + st.getGroup() + " " + st.getPermission() + (st.hasAcl() ? "+" : "");
      if (st.isDirectory()) {
        out.put(r, "dir " + attrs);
        walk(fs, st.getPath(), r, out, skip);
      } else {
        out.put(r, "file " + attrs + " len=" + st.getLen() + " mtime=" + st.getModificationTime() + " md5="
            + md5(fs, st.getPath()));
      }
    }
  }

  public static String md5(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(FileSystem fs, String path, String content) throws IOException {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static void write(FileSystem fs, String path, byte[] content) throws IOException {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(content);
    }
  }

  public static void append(FileSystem fs, String path, String content) throws IOException {
    try (OutputStream out = fs.append(new Path(path))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static String read(FileSystem fs, String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
