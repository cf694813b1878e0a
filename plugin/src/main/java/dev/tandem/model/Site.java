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
    InvalidInputException.check(fileSystemUri != null && fileSystemUri.contains("://"), "fileSystemUri",
        "Invalid file system URI for site %s: '%s'", id, fileSystemUri);
    InvalidInputException.check(registryConnect != null && !registryConnect.isBlank(), "registryConnect",
        "Registry (ZooKeeper) connect string is required for site %s", id);
    location = location == null ? "" : location;
    metastoreUri = metastoreUri == null ? "" : metastoreUri;
    spec = spec == null ? ClusterSpec.UNKNOWN : spec;
  }
}
