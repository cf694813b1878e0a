package dev.tandem.server.api;

import java.util.List;

/** Hive databases of a site, or the tables of one database ({@code database} set). */
public record HiveListingDto(String site, String database, List<String> names) {}
