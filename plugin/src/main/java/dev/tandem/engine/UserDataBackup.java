package dev.tandem.engine;

import dev.tandem.model.ApplyMode;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.model.RestoreRequest.HiveName;
import dev.tandem.model.SiteId;
import dev.tandem.model.UserDataChange;
import java.util.List;
import java.util.Optional;

/**
 * The backup user database of a site: for each group this site is the secondary of, one version of the
 * group's user data (users, groups, grants, tenants) per cut, captured from the group's primary. Restoring a
 * cut restores the user data of the same moment; promoting the site applies it.
 */
public interface UserDataBackup {
  /** A site that keeps no user data: backing up does nothing, and there is no version to apply. */
  UserDataBackup NONE = new UserDataBackup() {
    @Override
    public String backUp(ProtectionGroup group, Cut cut, Optional<CutChanges> since) {
      return "";
    }

    @Override
    public UserDataApplyReport apply(GroupName group, CutId cut, ApplyMode mode) {
      throw new NotFoundException("No user data of cut " + cut + " of group " + group + ": this site keeps none");
    }
  };

  /**
   * Captures the user data of {@code group} at its primary as of {@code cut} and keeps it here as the cut's
   * version. Idempotent: backing up the same cut again replaces that version. Throws when a source fails or
   * answers malformed or partial data; nothing is kept then, and the versions of earlier cuts are untouched.
   *
   * @param since what changed on the primary since the last good cut, when the run copied by diff: the version
   *     of that cut may then be brought forward instead of reading every protected directory again
   * @return a one-line summary for the run's records ("" when nothing is kept)
   */
  String backUp(ProtectionGroup group, Cut cut, Optional<CutChanges> since);

  /**
   * Applies the version kept for {@code cut} to this site: manager users and privileges, HDFS owners and
   * ACLs, Hive grants, Ranger policies, YARN queues. Idempotent; each source applies on its own, so a failing
   * source is reported in {@link UserDataApplyReport#problems()} while the others still converge.
   *
   * @throws NotFoundException when no version is kept for the cut
   */
  UserDataApplyReport apply(GroupName group, CutId cut, ApplyMode mode);

  /**
   * Makes the table-level Hive grants of table {@code to} at site {@code at} those the version of {@code cut}
   * holds on table {@code from}, as a restore of the table does: missing roles they name are created, existing
   * roles and every other object are left alone.
   *
   * @return what changed, or would in a dry run
   * @throws NotFoundException when no version is kept for the cut
   * @throws dev.tandem.model.TandemException when the version holds no Hive grants or {@code at} has no metastore
   *     to apply them to
   */
  default List<UserDataChange> restoreTableGrants(GroupName group, CutId cut, HiveName from, SiteId at, HiveName to,
      ApplyMode mode) {
    throw new NotFoundException("No user data of cut " + cut + " of group " + group + ": this site keeps none");
  }
}
