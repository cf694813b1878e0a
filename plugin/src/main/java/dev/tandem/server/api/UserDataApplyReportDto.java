package dev.tandem.server.api;

import java.util.List;

/**
 * What applying a cut's user data to the group's secondary did ({@code APPLY}) or would do ({@code DRY_RUN}).
 * {@code ok} is false when a source could not be applied; the others applied all the same.
 *
 * @param operatorActions what Tandem cannot do and an operator must (passwords, LDAP sync, touching policies)
 */
public record UserDataApplyReportDto(String group, String cut, String site, String mode, boolean ok,
    List<UserDataChangeDto> changes, List<String> operatorActions, List<String> problems) {}
