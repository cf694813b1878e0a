package dev.tandem.model;

import java.util.List;

/**
 * What applying a cut's user data to a site did. Applying is idempotent: applying the same cut again
 * reports no changes. A source that failed is listed in {@code problems} and the others still apply.
 *
 * @param changes each change made (or, in a dry run, to be made), in the order made
 * @param operatorActions what Tandem cannot do and an operator must (passwords, LDAP sync, view instances)
 * @param problems sources or objects that could not be applied, with the reason
 */
public record UserDataApplyReport(GroupName group, CutId cut, SiteId site, ApplyMode mode,
    List<UserDataChange> changes, List<String> operatorActions, List<String> problems) {
  public UserDataApplyReport {
    changes = List.copyOf(changes);
    operatorActions = List.copyOf(operatorActions);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
