package dev.tandem.server.api;

import java.util.List;

/** A cluster pair; {@code id} is {@code <primary>--<secondary>}. */
public record PairDto(String id, String primary, String secondary, List<String> groups) {}
