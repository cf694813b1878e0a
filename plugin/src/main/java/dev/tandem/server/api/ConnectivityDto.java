package dev.tandem.server.api;

/** Result of probing one site now. */
public record ConnectivityDto(String site, boolean ok, CheckDto registry, CheckDto fileSystem) {}
