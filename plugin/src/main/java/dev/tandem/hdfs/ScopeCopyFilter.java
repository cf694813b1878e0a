package dev.tandem.hdfs;

import dev.tandem.engine.Scope;
import dev.tandem.model.Paths;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.tools.CopyFilter;

/**
 * Keeps DistCp inside a group's scope when the snapshot root is shared with unprotected directories.
 * DistCp instantiates it by class name ({@code distcp.filters.class}) with the job configuration. Listing
 * passes qualified paths (inside the root or its snapshot); the snapshot-diff sync passes paths relative to
 * the root with a leading slash and no scheme.
 */
public final class ScopeCopyFilter extends CopyFilter {
  static final String ROOT = "tandem.scope.root";
  static final String PREFIXES = "tandem.scope.prefixes";

  private final String root;
  private final Scope scope;

  public ScopeCopyFilter(Configuration conf) {
    this.root = conf.get(ROOT, "/");
    String prefixes = conf.get(PREFIXES, "");
    List<String> list = prefixes.isEmpty() ? List.of("") : Arrays.asList(prefixes.split(",", -1));
    this.scope = new Scope(list);
  }

  static void configure(Configuration conf, String root, Scope scope) {
    conf.set("distcp.filters.class", ScopeCopyFilter.class.getName());
    conf.set(ROOT, root);
    conf.set(PREFIXES, String.join(",", scope.prefixes()));
  }

  @Override
  public boolean shouldCopy(Path path) {
    return scope.reaches(relative(path));
  }

  String relative(Path path) {
    String p = Path.getPathWithoutSchemeAndAuthority(path).toString();
    if (path.toUri().getScheme() == null) {
      return p.startsWith("/") ? p.substring(1) : p;
    }
    int snap = p.indexOf("/.snapshot/");
    if (snap >= 0) {
      String rest = p.substring(snap + "/.snapshot/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? "" : rest.substring(slash + 1);
    }
    return Paths.isSameOrBelow(p, root) ? Paths.relativize(root, p) : p;
  }
}
