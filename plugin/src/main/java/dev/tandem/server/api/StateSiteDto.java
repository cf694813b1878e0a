package dev.tandem.server.api;

/** A site in a {@link StateDocument}: as {@code PUT /api/v1/sites/{id}} takes it, with its id. */
public record StateSiteDto(String id, String location, String fileSystemUri, String registryConnect,
    String metastoreUri) {}
