package dev.tandem.userdata;

import dev.tandem.model.ApplyMode;
import dev.tandem.model.UserDataChange;
import java.util.List;

/**
 * Makes a site's Hive grants on a group's scope equal to {@code grants}: creates missing roles, grants and
 * revokes role membership and privileges ({@code create_role}, {@code grant_role}/{@code revoke_role},
 * {@code grant_revoke_privileges} on a Hive 3.1 metastore). Grants on objects outside the scope are never
 * touched. Idempotent: a second call with the same grants returns no changes. In
 * {@link ApplyMode#DRY_RUN} it changes nothing and returns what it would change.
 */
public interface HiveGrantTarget {
  List<UserDataChange> apply(HiveGrants grants, UserDataScope scope, ApplyMode mode);

  /**
   * Makes one table's own (table-level) grants equal to the privileges {@code grants} holds on it, as a restore
   * of the table does. A role they name that the site lacks is created with the members {@code grants} gives
   * it; a role the site has is left as it is (roles are global: other objects' grants depend on them). The
   * database's grants and every other object are never touched. A table the site does not have (yet, in a dry
   * run) holds no grants.
   */
  List<UserDataChange> applyTable(HiveGrants grants, String database, String table, ApplyMode mode);
}
