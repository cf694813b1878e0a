package dev.tandem.server.api;

public record PairRequest(String primary, String secondary) {}
