package dev.tandem.server.api;

import java.util.List;

/** The rights one principal gained and lost between two versions of a group's user data. */
public record PrincipalChangeDto(String principal, List<GrantDto> gained, List<GrantDto> lost) {}
