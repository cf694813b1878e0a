package dev.tandem.userdata;

/**
 * Reads a site's Hive grants for a group: privileges on the scope's databases and tables (database and
 * table level), the roles that hold any of them, and those roles' members. An implementation over the
 * metastore's Thrift API uses calls a Hive 3.1 metastore serves: {@code list_privileges},
 * {@code get_role_names}, {@code get_principals_in_role}.
 *
 * <p>Throws {@link dev.tandem.model.TandemException} when the metastore cannot be read completely; a partial
 * answer must never be returned as if it were whole.
 */
public interface HiveGrantSource {
  HiveGrants capture(UserDataScope scope);
}
