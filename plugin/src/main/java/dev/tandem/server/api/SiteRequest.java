package dev.tandem.server.api;

/** Registers or replaces a site (usually the peer site) in this server's registry. */
public record SiteRequest(String location, String fileSystemUri, String registryConnect, String metastoreUri) {}
