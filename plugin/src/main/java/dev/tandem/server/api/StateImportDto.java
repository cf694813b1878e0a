package dev.tandem.server.api;

import java.util.List;

/** What an import wrote ({@code created}) and what the registry held already, equal ({@code unchanged}). */
public record StateImportDto(List<String> created, List<String> unchanged) {}
