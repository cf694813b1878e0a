package dev.tandem.hdfs;

import dev.tandem.engine.Scope;
import dev.tandem.model.Paths;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
  /** Files the job leaves to Tandem's by-name copy, URL-encoded and comma-separated. */
  static final String LEAVE_OUT = "tandem.scope.leave-out";

  private final String root;
  private final Scope scope;
  private final Set<String> leaveOut;

  public ScopeCopyFilter(Configuration conf) {
    this.root = conf.get(ROOT, "/");
    String prefixes = conf.get(PREFIXES, "");
    List<String> list = prefixes.isEmpty() ? List.of("") : Arrays.asList(prefixes.split(",", -1));
    this.scope = new Scope(list);
    String out = conf.get(LEAVE_OUT, "");
    this.leaveOut = out.isEmpty() ? Set.of() : Arrays.stream(out.split(","))
        .map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).collect(Collectors.toSet());
  }

  static void configure(Configuration conf, String root, Scope scope) {
    configure(conf, root, scope, Set.of());
  }

  static void configure(Configuration conf, String root, Scope scope, Set<String> leaveOut) {
    conf.set("distcp.filters.class", ScopeCopyFilter.class.getName());
    conf.set(ROOT, root);
    conf.set(PREFIXES, String.join(",", scope.prefixes()));
    conf.set(LEAVE_OUT, leaveOut.stream().map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8))
        .collect(Collectors.joining(",")));
  }

  @Override
  public boolean shouldCopy(Path path) {
    String rel = relative(path);
    return scope.reaches(rel) && !leaveOut.contains(rel);
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
