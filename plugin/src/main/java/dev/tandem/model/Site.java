package dev.tandem.model;

/**
 * One cluster: where it is and how to reach its file system and registry. URIs are plain strings here;
 * adapters turn them into clients.
 *
 * @param fileSystemUri default file system, e.g. {@code hdfs://nn1.dc1:8020}
 * @param registryConnect ZooKeeper connect string of the site's registry
 * @param metastoreUri Hive metastore URI ({@code thrift://...}), empty when the site has no Hive
 */
public record Site(SiteId id, String location, String fileSystemUri, String registryConnect, String metastoreUri,
    ClusterSpec spec) {
  public Site {
    InvalidInputException.check(id != null, "id", "Site id is required");
    checkFileSystemUri(id, fileSystemUri);
    InvalidInputException.check(registryConnect != null && !registryConnect.isBlank(), "registryConnect",
        "Registry (ZooKeeper) connect string is required for site %s", id);
    location = location == null ? "" : location;
    metastoreUri = metastoreUri == null ? "" : metastoreUri;
    spec = spec == null ? ClusterSpec.UNKNOWN : spec;
  }

  /** {@code hdfs://<nameservice or host[:port]>}: Tandem snapshots and diffs, which only HDFS has. */
  private static void checkFileSystemUri(SiteId id, String text) {
    InvalidInputException.check(text != null && !text.isBlank(), "fileSystemUri",
        "File system URI is required for site %s (hdfs://<nameservice or host>[:port])", id);
    java.net.URI uri;
    try {
      uri = new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidInputException("fileSystemUri", "Invalid file system URI for site " + id + ": '"
          + Names.printable(text) + "' (" + e.getReason() + ")");
    }
    InvalidInputException.check("hdfs".equals(uri.getScheme()) && uri.getAuthority() != null && uri.getUserInfo() == null
        && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) && uri.getQuery() == null
        && uri.getFragment() == null, "fileSystemUri",
        "Invalid file system URI for site %s: '%s' (expected hdfs://<nameservice or host>[:port])", id,
        Names.printable(text));
  }
}
