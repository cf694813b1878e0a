package dev.tandem.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One data set. {@code kind} is {@code hdfs} (with {@code path}), {@code hive-database} (with {@code database})
 * or {@code hive-table} (with {@code database} and {@code table}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSetDto(String kind, String path, String database, String table) {}
