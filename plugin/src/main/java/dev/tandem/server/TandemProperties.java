package dev.tandem.server;

/**
 * Keys of {@code <conf-dir>/tandem-site.xml} (Hadoop Configuration XML, written by the Ambari management pack),
 * each with its {@code _DEFAULT} twin. The names are a contract with the mpack: do not rename them.
 */
public final class TandemProperties {
  private TandemProperties() {}

  /** Name of the configuration file inside the configuration directory. */
  public static final String SITE_FILE = "tandem-site.xml";

  /** This server's site, e.g. {@code east}. Required. */
  public static final String SITE_ID = "tandem.site.id";

  /** Where the site is, shown to operators ("Frankfurt, rack 12"). */
  public static final String SITE_LOCATION = "tandem.site.location";
  public static final String SITE_LOCATION_DEFAULT = "";

  /** The site's HDFS; defaults to {@code fs.defaultFS} of the Hadoop configuration on the class path. */
  public static final String SITE_FS_URI = "tandem.site.fs.uri";

  /** ZooKeeper connect string of this site's registry. Required. */
  public static final String ZOOKEEPER_CONNECT = "tandem.zookeeper.connect";

  public static final String REGISTRY_ROOT = "tandem.registry.root";
  public static final String REGISTRY_ROOT_DEFAULT = "/tandem";

  public static final String HIVE_METASTORE_URIS = "tandem.hive.metastore.uris";
  public static final String HIVE_METASTORE_URIS_DEFAULT = "";

  /**
   * Service principal of both sites' metastores when they require Kerberos ({@code hive.metastore.sasl.enabled}),
   * e.g. {@code hive/_HOST@EXAMPLE.COM}; {@code _HOST} becomes each metastore's host. Empty: plain Thrift, unless
   * the Hadoop configuration carries Hive's own {@code hive.metastore.sasl.enabled} and principal.
   */
  public static final String HIVE_METASTORE_KERBEROS_PRINCIPAL = "tandem.hive.metastore.kerberos.principal";
  public static final String HIVE_METASTORE_KERBEROS_PRINCIPAL_DEFAULT = "";

  /**
   * How long runs of a group with Hive data sets may plan from the last good cut's metastore image and the
   * events since, before they read every protected object from the primary again (which also catches changes
   * the metastore logs no event for, such as column statistics on Hive 3.1). {@code 0}: read them every run.
   */
  public static final String HIVE_FULL_READ_INTERVAL = "tandem.hive.full.read.interval";

  /**
   * Continuous verification: besides what changed, each run compares a slice of every snapshot root's files with
   * the primary (listing entry and checksum) and copies again what differs, sized so that every protected file is
   * compared at least once per this interval. {@code 0}: no slices (only what changed is verified).
   */
  public static final String VERIFY_FULL_INTERVAL = "tandem.verify.full.interval";

  /**
   * How long drift snapshots ({@code tandem-<group>-drift-<time>}: what a rollback set aside of a site's divergent
   * state) are kept; each run's RETAIN step deletes older ones on both sites. {@code 0}: keep them for ever.
   */
  public static final String DRIFT_SNAPSHOT_RETENTION = "tandem.drift.snapshot.retention";

  /**
   * How old a group's snapshot space measurement may be before a request measures again (it is also measured after
   * every run of this server, in the background).
   */
  public static final String SPACE_REFRESH_INTERVAL = "tandem.space.refresh.interval";
  public static final java.time.Duration SPACE_REFRESH_INTERVAL_DEFAULT = java.time.Duration.ofMinutes(15);

  /** At most this many files are listed per group and site by one snapshot space measurement. */
  public static final String SPACE_SCAN_MAX_FILES = "tandem.space.scan.max.files";
  public static final int SPACE_SCAN_MAX_FILES_DEFAULT = 1_000_000;

  /** SASL protection towards the metastores: authentication, integrity or privacy (their hadoop.rpc.protection). */
  public static final String HIVE_METASTORE_SASL_PROTECTION = "tandem.hive.metastore.sasl.protection";
  public static final String HIVE_METASTORE_SASL_PROTECTION_DEFAULT = "authentication";

  /** The peer site's Tandem server, e.g. {@code http://west-gw:21400}. */
  public static final String PEER_SERVER_URL = "tandem.peer.server.url";
  public static final String PEER_SERVER_URL_DEFAULT = "";

  public static final String SERVER_PORT = "tandem.server.port";
  public static final int SERVER_PORT_DEFAULT = 21400;

  /** Address the server listens on. */
  public static final String SERVER_HOST = "tandem.server.host";
  public static final String SERVER_HOST_DEFAULT = "0.0.0.0";

  /** How many runs this server executes at once (of different groups; one group never runs twice at once). */
  public static final String SERVER_RUN_THREADS = "tandem.server.run.threads";
  public static final int SERVER_RUN_THREADS_DEFAULT = 4;

  /** {@code basic} or {@code kerberos} (SPNEGO); {@code none} is accepted only by the sandbox. */
  public static final String AUTH_TYPE = "tandem.auth.type";
  public static final String AUTH_TYPE_DEFAULT = "basic";

  /** Users and roles: {@code user = role[, password-hash]}, see {@code tandem hash-password}. */
  public static final String AUTH_USERS_FILE = "tandem.auth.users.file";
  public static final String AUTH_USERS_FILE_DEFAULT = "tandem-users.properties";

  /** Role of a user passed by the Ambari View who is not listed in the users file. */
  public static final String AUTH_VIEW_DEFAULT_ROLE = "tandem.auth.view.default.role";
  public static final String AUTH_VIEW_DEFAULT_ROLE_DEFAULT = "viewer";

  /**
   * Principal the server logs in as to talk to HDFS, YARN and ZooKeeper on a Kerberized cluster
   * ({@code tandem/_HOST@REALM}); empty on an unsecured one.
   */
  public static final String KERBEROS_PRINCIPAL = "tandem.kerberos.principal";

  /** Keytab of {@link #KERBEROS_PRINCIPAL}. */
  public static final String KERBEROS_KEYTAB = "tandem.kerberos.keytab";

  /** Service principal for SPNEGO; {@code _HOST} becomes this host's canonical name. */
  public static final String AUTH_KERBEROS_PRINCIPAL = "tandem.auth.kerberos.principal";
  public static final String AUTH_KERBEROS_PRINCIPAL_DEFAULT = "HTTP/_HOST";

  /** Keytab holding the SPNEGO service principal's key. Required with {@code tandem.auth.type=kerberos}. */
  public static final String AUTH_KERBEROS_KEYTAB = "tandem.auth.kerberos.keytab";

  /** Role of a Kerberos user who is not listed in the users file. */
  public static final String AUTH_KERBEROS_DEFAULT_ROLE = "tandem.auth.kerberos.default.role";
  public static final String AUTH_KERBEROS_DEFAULT_ROLE_DEFAULT = "viewer";

  /** Secret shared with the Ambari View; empty disables the view headers. Never logged or returned. */
  public static final String VIEW_SECRET = "tandem.view.secret";
  public static final String VIEW_SECRET_DEFAULT = "";

  /** Local working directory (DistCp job staging for the local runner, temporary files). */
  public static final String WORK_DIR = "tandem.work.dir";
  public static final String WORK_DIR_DEFAULT = "/var/lib/tandem";

  /** How often the scheduler looks for due groups. */
  public static final String SCHEDULER_TICK_SECONDS = "tandem.scheduler.tick.seconds";
  public static final int SCHEDULER_TICK_SECONDS_DEFAULT = 30;

  /**
   * How often the scheduler retries a scheduled moment whose run failed (before the group's next moment);
   * {@code 0}: wait for the next moment.
   */
  public static final String SCHEDULER_RETRY_ATTEMPTS = "tandem.scheduler.retry.attempts";
  public static final int SCHEDULER_RETRY_ATTEMPTS_DEFAULT = dev.tandem.server.scheduler.RetryPolicy.ATTEMPTS_DEFAULT;
  /** The wait after a failed run before its first retry, doubling for each later one ({@code 5m}, {@code 90s}). */
  public static final String SCHEDULER_RETRY_BACKOFF = "tandem.scheduler.retry.backoff";
  public static final String SCHEDULER_RETRY_BACKOFF_DEFAULT = "5m";

  /** How often every known site's registry and file system are probed. */
  public static final String HEALTH_INTERVAL_SECONDS = "tandem.health.interval.seconds";
  public static final int HEALTH_INTERVAL_SECONDS_DEFAULT = 15;

  /** ResourceManager web address for vcores and memory, e.g. {@code http://rm:8088}; empty = not reported. */
  public static final String YARN_RM_URL = "tandem.yarn.resourcemanager.url";
  public static final String YARN_RM_URL_DEFAULT = "";

  /** Ambari Metrics collector, e.g. {@code http://ams:6188}; empty = no push (Prometheus /metrics only). */
  public static final String METRICS_COLLECTOR_URL = "tandem.metrics.collector.url";
  public static final String METRICS_COLLECTOR_URL_DEFAULT = "";

  public static final String METRICS_INTERVAL_SECONDS = "tandem.metrics.interval.seconds";
  public static final int METRICS_INTERVAL_SECONDS_DEFAULT = 60;

  /**
   * Whether this server runs the arbitration of its site's pairs: the site agent (on the site's leader), the epoch
   * guard of its runs and the disaster-recovery verbs of the API.
   */
  public static final String ARBITRATION_ENABLED = "tandem.arbitration.enabled";
  public static final boolean ARBITRATION_ENABLED_DEFAULT = true;

  /**
   * Timings of a pair's arbitration, stored as the pair's settings by the first server that finds none (afterwards
   * the stored ones count for both sites and every arbiter). {@code grace ≥ lease + 2 × heartbeat} is enforced.
   */
  public static final String ARBITRATION_HEARTBEAT_MS = "tandem.arbitration.heartbeat.ms";
  public static final int ARBITRATION_HEARTBEAT_MS_DEFAULT = 1_000;

  public static final String ARBITRATION_LEASE_MS = "tandem.arbitration.lease.ms";
  public static final int ARBITRATION_LEASE_MS_DEFAULT = 6_000;

  public static final String ARBITRATION_GRACE_MS = "tandem.arbitration.grace.ms";
  public static final int ARBITRATION_GRACE_MS_DEFAULT = 10_000;

  /** ZooKeeper session timeout of the agent's registry clients; make the grace period at least this long. */
  public static final String ARBITRATION_SESSION_TIMEOUT_MS = "tandem.arbitration.zookeeper.session.timeout.ms";
  public static final int ARBITRATION_SESSION_TIMEOUT_MS_DEFAULT = 10_000;

  /**
   * Also run an arbiter in this server (with automatic failover, once turned on for the pair). All arbiters of a
   * pair must be in one place: enable it on the servers of one site only, never of both.
   */
  public static final String ARBITER_ENABLED = "tandem.arbiter.enabled";
  public static final boolean ARBITER_ENABLED_DEFAULT = false;

  /** How long a switchover, failover, failback or drill waits for the promoted site's server to finish. */
  public static final String DR_TIMEOUT_SECONDS = "tandem.dr.timeout.seconds";
  public static final int DR_TIMEOUT_SECONDS_DEFAULT = 300;
}
