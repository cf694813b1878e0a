package dev.tandem.server.api;

/**
 * A site as the API shows it.
 *
 * @param local whether this server runs at the site
 * @param roles the site's role in each of its pairs: {@code PRIMARY of east--west}
 */
public record SiteDto(String id, String location, boolean local, String fileSystemUri, String registryConnect,
    String metastoreUri, java.util.List<String> roles, ClusterSpecDto spec, SiteHealthDto health) {}
