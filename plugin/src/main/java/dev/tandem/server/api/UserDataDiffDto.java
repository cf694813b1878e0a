package dev.tandem.server.api;

import java.util.List;

/**
 * What changed in a group's user data from one cut's version to another's: who gained or lost which right, and
 * the changes that are nobody's right (a queue's capacity, a policy's resources, a source captured or not).
 */
public record UserDataDiffDto(String group, String from, String to, List<PrincipalChangeDto> principals,
    List<ResourceChangeDto> changes) {}
