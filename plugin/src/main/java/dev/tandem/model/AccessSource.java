package dev.tandem.model;

/** A system that defines who may do what, and whose definitions belong to a group's user data. */
public enum AccessSource {
  /** The cluster manager (Ambari): users, groups, privileges on the cluster, its services and views. */
  MANAGER,
  /** HDFS: owners, groups, permission bits and ACLs of the protected directories. */
  HDFS,
  /** The Hive metastore: grants on the protected databases and tables, roles and their members. */
  HIVE,
  /** Ranger: policies on the protected paths and tables. */
  RANGER,
  /** YARN: the group's queues (tenants) in the capacity scheduler, with capacities and ACLs. */
  YARN
}
