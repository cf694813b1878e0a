package dev.tandem.server.api;

/**
 * Body of {@code POST /groups/{group}/drtest} (may be empty): the kept {@code cut} to expose (absent: the group's
 * last good cut) and the {@code databaseSuffix} of the test databases (absent: {@code _drtest}).
 */
public record DrTestRequestDto(String cut, String databaseSuffix) {}
