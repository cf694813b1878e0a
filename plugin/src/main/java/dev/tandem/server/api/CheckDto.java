package dev.tandem.server.api;

/** One probe of one component of a site: its registry (ZooKeeper) or its file system (HDFS). */
public record CheckDto(boolean ok, long latencyMs, String error) {}
