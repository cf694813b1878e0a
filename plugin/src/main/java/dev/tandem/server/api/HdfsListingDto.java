package dev.tandem.server.api;

import java.util.List;

/** Directories directly under {@code path} on a site, for pickers. */
public record HdfsListingDto(String site, String path, List<HdfsEntryDto> directories) {}
