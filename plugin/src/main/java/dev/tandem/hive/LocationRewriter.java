package dev.tandem.hive;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps metastore locations from the primary's file system to the secondary's: {@code hdfs://nn-east:8020/p}
 * becomes {@code hdfs://nn-west:8020/p}. The path stays the same, because the files of the cut are copied to
 * the same paths. Locations on any other file system are not the cut's and are refused by the planner.
 */
public final class LocationRewriter {
  private final URI primary;
  private final URI secondary;

  public LocationRewriter(String primaryFileSystem, String secondaryFileSystem) {
    this.primary = URI.create(primaryFileSystem);
    this.secondary = URI.create(secondaryFileSystem);
  }

  /** The scheme-less path of a location on the primary's file system; empty for any other file system. */
  public Optional<String> pathOnPrimary(String location) {
    return pathOn(primary, location);
  }

  /** The same for a rewritten location (on the secondary's file system); the path is the primary's too. */
  public Optional<String> pathOnSecondary(String location) {
    return pathOn(secondary, location);
  }

  private static Optional<String> pathOn(URI fs, String location) {
    if (location == null || location.isEmpty()) {
      return Optional.empty();
    }
    URI u = URI.create(location);
    if (u.getScheme() == null) {
      return Optional.of(normalize(u.getPath()));
    }
    if (!u.getScheme().equalsIgnoreCase(fs.getScheme()) || !sameAuthority(u, fs)) {
      return Optional.empty();
    }
    return Optional.of(normalize(u.getPath()));
  }

  /** The location on the secondary; locations that are not the primary's are returned as they are. */
  public String toSecondary(String location) {
    return pathOnPrimary(location).filter(p -> URI.create(location).getScheme() != null)
        .map(p -> secondary.getScheme() + "://" + secondary.getRawAuthority() + p).orElse(location);
  }

  private static boolean sameAuthority(URI a, URI b) {
    String x = a.getRawAuthority() == null ? "" : a.getRawAuthority().toLowerCase(Locale.ROOT);
    String y = b.getRawAuthority() == null ? "" : b.getRawAuthority().toLowerCase(Locale.ROOT);
    return x.equals(y);
  }

  private static String normalize(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
