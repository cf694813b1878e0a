package dev.tandem.server;

import static dev.tandem.config.Setting.Type.BOOLEAN;
import static dev.tandem.config.Setting.Type.DURATION;
import static dev.tandem.config.Setting.Type.NUMBER;
import static dev.tandem.config.Setting.Type.PASSWORD;
import static dev.tandem.config.Setting.Type.PATH;
import static dev.tandem.config.Setting.Type.URL;
import static dev.tandem.config.Setting.Where.METASTORE;
import static dev.tandem.config.Setting.Where.SERVER;

import dev.tandem.config.Setting;
import dev.tandem.config.SettingDefinition;
import java.time.Duration;
import java.util.List;

/**
 * Every {@code tandem.*} setting: the keys of {@code <conf-dir>/tandem-site.xml} (Hadoop Configuration XML, written
 * by the Ambari management pack and the CSD) and of the metastores' hive-site.xml for the fence listener, each with
 * its {@code _DEFAULT} twin and its {@link Setting} documentation. The names are a contract with the packs: do not
 * rename them. The README's configuration reference is generated from these declarations and
 * {@code ConfigurationReferenceTest} checks the README, the pack and the CSD against them.
 *
 * <p>To add a setting, declare it here the way the others are (annotated key, {@code _DEFAULT} twin unless it is
 * required or derived), read it through these two constants, and run {@code ConfigurationReferenceTest}: it names
 * what the pack's tandem-site.xml, the CSD's service.sdl and the README still lack.
 */
public final class TandemProperties {
  private TandemProperties() {}

  /** Name of the configuration file inside the configuration directory. */
  public static final String SITE_FILE = "tandem-site.xml";

  /** Every setting of the server and the fence listener, in declaration order (user data's included). */
  public static List<SettingDefinition> definitions() {
    return SettingDefinition.of(TandemProperties.class, dev.tandem.userdata.UserDataProperties.class);
  }

  @Setting(value = "This site's id in its pairs, e.g. `east` (letters, digits, `-`, `_`; no `--`). The Ambari pack "
      + "writes the cluster's name when it is left empty; the CSD asks for it.", required = true)
  public static final String SITE_ID = "tandem.site.id";

  @Setting("Where the site is, shown to operators (`Frankfurt, rack 12`).")
  public static final String SITE_LOCATION = "tandem.site.location";
  public static final String SITE_LOCATION_DEFAULT = "";

  @Setting(value = "This site's HDFS (`hdfs://` only; an HA nameservice, e.g. `hdfs://east`, as in `fs.defaultFS`).",
      type = URL, derived = "`fs.defaultFS` of the Hadoop configuration")
  public static final String SITE_FS_URI = "tandem.site.fs.uri";

  @Setting(value = "ZooKeeper connect string of this site's registry (`zk1:2181,zk2:2181,zk3:2181`; ZooKeeper 3.5 or "
      + "later). The Ambari pack derives it from the cluster's ZooKeeper servers when it is left empty.",
      required = true)
  public static final String ZOOKEEPER_CONNECT = "tandem.zookeeper.connect";

  @Setting(value = "Session timeout of the server's registry client (ms). A server that dies holds its groups' run "
      + "locks until ZooKeeper expires its session, so a run on another server, or after a restart, waits up to this "
      + "long; too short, and a long GC pause loses the lock (the run then stops before COMMIT). ZooKeeper clamps it "
      + "to 2–20 ticks of the ensemble.", type = NUMBER)
  public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "tandem.zookeeper.session.timeout.ms";
  public static final int ZOOKEEPER_SESSION_TIMEOUT_MS_DEFAULT = 15_000;

  @Setting(value = "How Tandem authenticates to ZooKeeper, and so whether its znodes carry ACLs: `none` (open to "
      + "everyone, as before), `digest` (a user and secret shared by both sites' servers, the CLI and the metastores' "
      + "fence listener) or `sasl` (Kerberos through the JAAS `Client` section, else the server's keytab). Set the same "
      + "on both sites and, on the metastores, in hive-site. With `digest` or `sasl` the server sets the ACLs of a tree "
      + "written before at start.", where = {SERVER, METASTORE})
  public static final String ZOOKEEPER_AUTH = "tandem.zookeeper.auth";
  public static final String ZOOKEEPER_AUTH_DEFAULT = "none";

  @Setting(value = "With `tandem.zookeeper.auth=digest`: the ZooKeeper digest user, the same on both sites and on the "
      + "metastores.", where = {SERVER, METASTORE})
  public static final String ZOOKEEPER_DIGEST_USER = "tandem.zookeeper.digest.user";
  public static final String ZOOKEEPER_DIGEST_USER_DEFAULT = "tandem";

  @Setting(value = "With `tandem.zookeeper.auth=digest`: the digest user's secret, at least 16 characters, the same on "
      + "both sites and on the metastores (read through Hadoop's credential providers, so it may live in a JCEKS "
      + "file). Never logged.", type = PASSWORD, where = {SERVER, METASTORE})
  public static final String ZOOKEEPER_DIGEST_SECRET = "tandem.zookeeper.digest.secret";
  public static final String ZOOKEEPER_DIGEST_SECRET_DEFAULT = "";

  @Setting(value = "With `tandem.zookeeper.auth=sasl`: the SASL ids (comma-separated) that get every right on "
      + "Tandem's znodes, as the ensembles name the servers' principals: `tandem` when ZooKeeper strips host and realm "
      + "(`kerberos.removeHostFromPrincipal`, `kerberos.removeRealmFromPrincipal`), else full principals. Both sites' "
      + "servers write to both registries, so list every server's id. On the metastores: the same list (the fence "
      + "listener gives these ids its nodes).", where = {SERVER, METASTORE})
  public static final String ZOOKEEPER_SASL_IDS = "tandem.zookeeper.sasl.ids";
  public static final String ZOOKEEPER_SASL_IDS_DEFAULT = "tandem";

  @Setting(value = "With `tandem.zookeeper.auth=sasl`: the SASL ids (comma-separated) of the metastores' fence "
      + "listener, which authenticates as the metastore's principal; they may read the metastore fences and register "
      + "and confirm under `metastore-instances` and `metastore-acks`, nothing else. Empty: no metastore may. The same "
      + "on the servers and the metastores.", where = {SERVER, METASTORE})
  public static final String ZOOKEEPER_SASL_METASTORE_IDS = "tandem.zookeeper.sasl.metastore.ids";
  public static final String ZOOKEEPER_SASL_METASTORE_IDS_DEFAULT = "hive";

  @Setting(value = "Root znode of the site's registry. On a metastore: the same root as the site's servers.",
      where = {SERVER, METASTORE})
  public static final String REGISTRY_ROOT = "tandem.registry.root";
  public static final String REGISTRY_ROOT_DEFAULT = "/tandem";

  @Setting(value = "Thrift URIs of this site's Hive metastore (`thrift://hms1:9083,thrift://hms2:9083`); empty: only "
      + "HDFS data sets. The Ambari pack takes `hive-site/hive.metastore.uris` when it is left empty.")
  public static final String HIVE_METASTORE_URIS = "tandem.hive.metastore.uris";
  public static final String HIVE_METASTORE_URIS_DEFAULT = "";

  @Setting("Service principal of both sites' metastores when they require Kerberos (`hive.metastore.sasl.enabled`), "
      + "e.g. `hive/_HOST@EAST.EXAMPLE.COM`; `_HOST` becomes each metastore's host. Empty: Hive's own "
      + "`hive.metastore.sasl.enabled` and `hive.metastore.kerberos.principal` if a hive-site.xml is on the class "
      + "path, else plain Thrift. The Ambari pack derives it from hive-site.")
  public static final String HIVE_METASTORE_KERBEROS_PRINCIPAL = "tandem.hive.metastore.kerberos.principal";
  public static final String HIVE_METASTORE_KERBEROS_PRINCIPAL_DEFAULT = "";

  @Setting(value = "SASL quality of protection towards the metastores: `authentication`, `integrity` or `privacy` "
      + "(one their `hadoop.rpc.protection` accepts).")
  public static final String HIVE_METASTORE_SASL_PROTECTION = "tandem.hive.metastore.sasl.protection";
  public static final String HIVE_METASTORE_SASL_PROTECTION_DEFAULT = "authentication";

  @Setting(value = "How long runs of a group with Hive data sets may plan from the last good cut's metastore image "
      + "and the events since, before they read every protected object from the primary again (which also catches "
      + "changes the metastore logs no event for, such as column statistics on Hive 3.1). `0`: every run.",
      type = DURATION)
  public static final String HIVE_FULL_READ_INTERVAL = "tandem.hive.full.read.interval";
  public static final Duration HIVE_FULL_READ_INTERVAL_DEFAULT =
      dev.tandem.hive.HmsMetastoreReplicator.DEFAULT_FULL_READ_INTERVAL;

  @Setting(value = "Continuous verification: each run also compares a slice of every snapshot root's files with the "
      + "primary's cut (listing and checksum) and copies again what differs, so that every protected file is "
      + "compared at least once per interval. `0`: only what changed is verified.", type = DURATION)
  public static final String VERIFY_FULL_INTERVAL = "tandem.verify.full.interval";
  public static final Duration VERIFY_FULL_INTERVAL_DEFAULT = dev.tandem.engine.RunOptions.DEFAULT_VERIFY_FULL_INTERVAL;

  @Setting(value = "How long drift snapshots (`tandem-<group>-drift-<time>`: what a rollback set aside of a site's "
      + "divergent state) are kept; each run's RETAIN step deletes older ones on both sites. `0`: keep them for ever.",
      type = DURATION)
  public static final String DRIFT_SNAPSHOT_RETENTION = "tandem.drift.snapshot.retention";
  public static final Duration DRIFT_SNAPSHOT_RETENTION_DEFAULT =
      dev.tandem.engine.RunOptions.DEFAULT_DRIFT_SNAPSHOT_RETENTION;

  @Setting(value = "How old a group's snapshot space measurement may be before a request measures again (it is also "
      + "measured after every run of this server, in the background).", type = DURATION)
  public static final String SPACE_REFRESH_INTERVAL = "tandem.space.refresh.interval";
  public static final Duration SPACE_REFRESH_INTERVAL_DEFAULT = Duration.ofMinutes(15);

  @Setting(value = "At most this many files are listed per group and site by one snapshot space measurement; beyond "
      + "it the numbers are reported as lower bounds.", type = NUMBER)
  public static final String SPACE_SCAN_MAX_FILES = "tandem.space.scan.max.files";
  public static final int SPACE_SCAN_MAX_FILES_DEFAULT = 1_000_000;

  @Setting(value = "Where the API, the web UI and `/metrics` listen. The peer site's servers need not reach it: "
      + "sites reach each other through their registries and file systems.")
  public static final String SERVER_HOST = "tandem.server.host";
  public static final String SERVER_HOST_DEFAULT = "0.0.0.0";

  @Setting(value = "HTTP port of the API (`/api/v1`), the web UI (`/ui`) and `/metrics`; the pack's alerts, service "
      + "check and quick link use it.", type = NUMBER)
  public static final String SERVER_PORT = "tandem.server.port";
  public static final int SERVER_PORT_DEFAULT = 21400;

  @Setting(value = "How many runs this server executes at once (of different groups; one group never runs twice at "
      + "once).", type = NUMBER)
  public static final String SERVER_RUN_THREADS = "tandem.server.run.threads";
  public static final int SERVER_RUN_THREADS_DEFAULT = 4;

  @Setting(value = "Serve the API, the web UI and `/metrics` over HTTPS only (TLS 1.2 or 1.3), on "
      + "`tandem.server.port`; plain HTTP is then refused. Needs `tandem.server.tls.keystore.location`. The pack's "
      + "alerts, service check and quick link follow it.", type = BOOLEAN)
  public static final String SERVER_TLS_ENABLED = "tandem.server.tls.enabled";
  public static final boolean SERVER_TLS_ENABLED_DEFAULT = false;

  @Setting(value = "Keystore holding the server's private key and certificate chain (its names, as clients reach it, "
      + "in the certificate's subject alternative names); required with TLS.", type = PATH)
  public static final String SERVER_TLS_KEYSTORE_LOCATION = "tandem.server.tls.keystore.location";
  public static final String SERVER_TLS_KEYSTORE_LOCATION_DEFAULT = "";

  @Setting("Type of the keystore and of the truststore: `PKCS12` or `JKS` (Java reads either with either type).")
  public static final String SERVER_TLS_KEYSTORE_TYPE = "tandem.server.tls.keystore.type";
  public static final String SERVER_TLS_KEYSTORE_TYPE_DEFAULT = "PKCS12";

  @Setting(value = "Password of the keystore (read through Hadoop's credential providers, so it may live in a JCEKS "
      + "file).", type = PASSWORD)
  public static final String SERVER_TLS_KEYSTORE_PASSWORD = "tandem.server.tls.keystore.password";
  public static final String SERVER_TLS_KEYSTORE_PASSWORD_DEFAULT = "";

  @Setting(value = "Password of the private key in the keystore; empty: the keystore password (credential "
      + "providers, as for the keystore's).", type = PASSWORD)
  public static final String SERVER_TLS_KEY_PASSWORD = "tandem.server.tls.key.password";
  public static final String SERVER_TLS_KEY_PASSWORD_DEFAULT = "";

  @Setting(value = "Truststore for the clients on this host (the `tandem` CLI when it finds this file on its class "
      + "path, through `$TANDEM_CONF_DIR`): the CA that signed the server's certificate. Empty: the JDK's own "
      + "(`javax.net.ssl.trustStore`, else `cacerts`).", type = PATH)
  public static final String SERVER_TLS_TRUSTSTORE_LOCATION = "tandem.server.tls.truststore.location";
  public static final String SERVER_TLS_TRUSTSTORE_LOCATION_DEFAULT = "";

  @Setting(value = "Password of that truststore, if it has one (credential providers, as for the keystore's).",
      type = PASSWORD)
  public static final String SERVER_TLS_TRUSTSTORE_PASSWORD = "tandem.server.tls.truststore.password";
  public static final String SERVER_TLS_TRUSTSTORE_PASSWORD_DEFAULT = "";

  @Setting(value = "The same CA as a PEM file, for the pack's alerts and service check (Python's `ssl`). Empty: the "
      + "host's default CAs.", type = PATH)
  public static final String SERVER_TLS_CA_FILE = "tandem.server.tls.ca.file";
  public static final String SERVER_TLS_CA_FILE_DEFAULT = "";

  @Setting("Further names clients use in the `Host` header besides this host's own names and addresses and "
      + "`localhost` (comma-separated, e.g. a DNS alias or a load balancer's name; `*`: any). A request naming another "
      + "host is refused with 421, which defeats DNS rebinding.")
  public static final String SERVER_ALLOWED_HOSTS = "tandem.server.allowed.hosts";
  public static final String SERVER_ALLOWED_HOSTS_DEFAULT = "";

  @Setting(value = "Largest request body the server reads (bytes); a larger one is refused with 413.", type = NUMBER)
  public static final String SERVER_MAX_REQUEST_BYTES = "tandem.server.max.request.bytes";
  public static final int SERVER_MAX_REQUEST_BYTES_DEFAULT = 1024 * 1024;

  @Setting("Authentication of the API and the UI: `basic` or `kerberos` (SPNEGO); `none` only in the sandbox.")
  public static final String AUTH_TYPE = "tandem.auth.type";
  public static final String AUTH_TYPE_DEFAULT = "basic";

  @Setting(value = "The users file: `user = role[, password-hash]` per line (hashes from `tandem hash-password`), "
      + "relative to the conf dir. The Ambari pack writes `tandem-users/content` to it.", type = PATH)
  public static final String AUTH_USERS_FILE = "tandem.auth.users.file";
  public static final String AUTH_USERS_FILE_DEFAULT = "tandem-users.properties";

  @Setting("Role (`viewer`, `operator`, `admin`) of a user the Ambari View passes who is not in the users file.")
  public static final String AUTH_VIEW_DEFAULT_ROLE = "tandem.auth.view.default.role";
  public static final String AUTH_VIEW_DEFAULT_ROLE_DEFAULT = "viewer";

  @Setting(value = "On a Kerberized cluster, the principal the server logs in as for HDFS, DistCp, YARN, ZooKeeper "
      + "and the metastores (`tandem/_HOST@REALM`; `_HOST` becomes this host's name); empty on an unsecured one.",
      notInCsd = "set by Ambari's Kerberos wizard; the CSD does not cover Kerberos yet")
  public static final String KERBEROS_PRINCIPAL = "tandem.kerberos.principal";
  public static final String KERBEROS_PRINCIPAL_DEFAULT = "";

  @Setting(value = "Keytab of `tandem.kerberos.principal` (required with it).", type = PATH,
      notInCsd = "set by Ambari's Kerberos wizard; the CSD does not cover Kerberos yet")
  public static final String KERBEROS_KEYTAB = "tandem.kerberos.keytab";
  public static final String KERBEROS_KEYTAB_DEFAULT = "";

  @Setting(value = "SPNEGO service principal of the API with `tandem.auth.type=kerberos` (`_HOST` becomes this host's "
      + "canonical name).", notInCsd = "set by Ambari's Kerberos wizard; the CSD does not cover Kerberos yet")
  public static final String AUTH_KERBEROS_PRINCIPAL = "tandem.auth.kerberos.principal";
  public static final String AUTH_KERBEROS_PRINCIPAL_DEFAULT = "HTTP/_HOST";

  @Setting(value = "Keytab holding the SPNEGO principal's key; required with `tandem.auth.type=kerberos`.",
      type = PATH, notInCsd = "set by Ambari's Kerberos wizard; the CSD does not cover Kerberos yet")
  public static final String AUTH_KERBEROS_KEYTAB = "tandem.auth.kerberos.keytab";
  public static final String AUTH_KERBEROS_KEYTAB_DEFAULT = "";

  @Setting("Role of a Kerberos user who is not in the users file.")
  public static final String AUTH_KERBEROS_DEFAULT_ROLE = "tandem.auth.kerberos.default.role";
  public static final String AUTH_KERBEROS_DEFAULT_ROLE_DEFAULT = "viewer";

  // ---- issue 16 C and E: Kerberos principal mapping, the brake on failed logins (one block, for the merge)
  @Setting(value = "Hadoop `auth_to_local` rules mapping SPNEGO principals to local users (`RULE:[1:$1@$0]"
      + "(.*@WEST.EXAMPLE.COM)s/@.*//` lines, and `DEFAULT`) with `tandem.auth.type=kerberos`. Empty: "
      + "`hadoop.security.auth_to_local` of the Hadoop configuration, else `DEFAULT`, which maps only principals of "
      + "the default realm. A principal no rule maps (e.g. of another realm) is refused with 403. The rules are the "
      + "JVM's, so they also name this server's own principal to its Hadoop clients.",
      notInCsd = "set by Ambari's Kerberos wizard; the CSD does not cover Kerberos yet")
  public static final String AUTH_KERBEROS_AUTH_TO_LOCAL = "tandem.auth.kerberos.auth_to_local";
  public static final String AUTH_KERBEROS_AUTH_TO_LOCAL_DEFAULT = "";

  @Setting(value = "Failed logins (basic, View secret, Kerberos token) per user and per client address within "
      + "`tandem.auth.failures.window` after which further attempts are refused with 429 and `Retry-After` until "
      + "the window ends, without checking the password. A successful login clears the user's count. `0`: no brake.",
      type = NUMBER)
  public static final String AUTH_FAILURES_MAX = "tandem.auth.failures.max";
  public static final int AUTH_FAILURES_MAX_DEFAULT = 10;

  @Setting(value = "The window of `tandem.auth.failures.max`, counted from a user's or client's first failure.",
      type = DURATION)
  public static final String AUTH_FAILURES_WINDOW = "tandem.auth.failures.window";
  public static final Duration AUTH_FAILURES_WINDOW_DEFAULT = Duration.ofMinutes(5);
  // ---- end of issue 16 C and E

  @Setting(value = "Secret shared with the Ambari View, the pack's alerts and its service check (header "
      + "`X-Tandem-View-Secret`); empty refuses the View's headers, else at least 16 characters. Read through the "
      + "credential providers first. Never logged or returned.", type = PASSWORD)
  public static final String VIEW_SECRET = "tandem.view.secret";
  public static final String VIEW_SECRET_DEFAULT = "";

  @Setting(value = "Local scratch directory of the server host: the staging directory (`jobs/`) of DistCp jobs run "
      + "by the local job runner (`mapreduce.framework.name=local`). Nothing in it needs to survive a restart: runs, "
      + "cuts and schedules live in the registry.", type = PATH)
  public static final String WORK_DIR = "tandem.work.dir";
  public static final String WORK_DIR_DEFAULT = "/var/lib/tandem";

  @Setting(value = "How often the scheduling server looks for due groups (seconds).", type = NUMBER)
  public static final String SCHEDULER_TICK_SECONDS = "tandem.scheduler.tick.seconds";
  public static final int SCHEDULER_TICK_SECONDS_DEFAULT = 30;

  @Setting(value = "Retries of a scheduled moment whose run failed, only before the group's next moment "
      + "(`0` to `100`; `0`: wait for the next moment).", type = NUMBER)
  public static final String SCHEDULER_RETRY_ATTEMPTS = "tandem.scheduler.retry.attempts";
  public static final int SCHEDULER_RETRY_ATTEMPTS_DEFAULT = dev.tandem.server.scheduler.RetryPolicy.ATTEMPTS_DEFAULT;

  @Setting(value = "The wait after a failed scheduled run before its first retry; each later retry waits twice as long "
      + "as the one before.", type = DURATION)
  public static final String SCHEDULER_RETRY_BACKOFF = "tandem.scheduler.retry.backoff";
  public static final Duration SCHEDULER_RETRY_BACKOFF_DEFAULT = dev.tandem.server.scheduler.RetryPolicy.BACKOFF_DEFAULT;

  @Setting(value = "How long audit entries (who changed what, when, and how it ended) are kept in each site's "
      + "registry (ZooKeeper, under `/tandem/audit`); older days are dropped hourly. At least `1d`. The "
      + "`dev.tandem.audit` log lines are kept as long as the logging keeps them.", type = DURATION)
  public static final String AUDIT_RETENTION = "tandem.audit.retention";
  public static final Duration AUDIT_RETENTION_DEFAULT = dev.tandem.audit.AuditLog.RETENTION_DEFAULT;

  @Setting(value = "How often every known site's registry and HDFS are probed (seconds).", type = NUMBER)
  public static final String HEALTH_INTERVAL_SECONDS = "tandem.health.interval.seconds";
  public static final int HEALTH_INTERVAL_SECONDS_DEFAULT = 15;

  @Setting(value = "ResourceManager web address for the site's vcores, memory and nodes, e.g. `http://rm:8088`; "
      + "empty: not reported.", type = URL)
  public static final String YARN_RM_URL = "tandem.yarn.resourcemanager.url";
  public static final String YARN_RM_URL_DEFAULT = "";

  @Setting(value = "Ambari Metrics collector to push to, e.g. `http://ams:6188`; empty: Prometheus `/metrics` only. "
      + "The Ambari pack derives it from Ambari Metrics.", type = URL,
      notInCsd = "Ambari Metrics only; Cloudera Manager reads `/metrics` or nothing")
  public static final String METRICS_COLLECTOR_URL = "tandem.metrics.collector.url";
  public static final String METRICS_COLLECTOR_URL_DEFAULT = "";

  @Setting(value = "How often metrics are pushed to the collector (seconds).", type = NUMBER)
  public static final String METRICS_INTERVAL_SECONDS = "tandem.metrics.interval.seconds";
  public static final int METRICS_INTERVAL_SECONDS_DEFAULT = 60;

  @Setting(value = "Run the arbitration of this site's pairs: the site agent (on the site's leading server), the epoch "
      + "guard of its runs and the disaster-recovery verbs of the API.", type = BOOLEAN)
  public static final String ARBITRATION_ENABLED = "tandem.arbitration.enabled";
  public static final boolean ARBITRATION_ENABLED_DEFAULT = true;

  @Setting(value = "How often a site publishes its status and arbiters look (ms). Like lease and grace, stored as the "
      + "pair's setting by the first server that finds none, after which the stored one counts.", type = NUMBER)
  public static final String ARBITRATION_HEARTBEAT_MS = "tandem.arbitration.heartbeat.ms";
  public static final int ARBITRATION_HEARTBEAT_MS_DEFAULT = 1_000;

  @Setting(value = "How long an active site stays active without confirmation from its peer or an arbiter (ms).",
      type = NUMBER)
  public static final String ARBITRATION_LEASE_MS = "tandem.arbitration.lease.ms";
  public static final int ARBITRATION_LEASE_MS_DEFAULT = 6_000;

  @Setting(value = "How long the active site must be unhealthy or silent before an arbiter fails over (ms); "
      + "`grace ≥ lease + 2 × heartbeat` is enforced. Make it at least the ZooKeeper session timeout.", type = NUMBER)
  public static final String ARBITRATION_GRACE_MS = "tandem.arbitration.grace.ms";
  public static final int ARBITRATION_GRACE_MS_DEFAULT = 10_000;

  @Setting(value = "Session timeout of the site agents' registry clients (ms; keep it ≤ grace).", type = NUMBER)
  public static final String ARBITRATION_SESSION_TIMEOUT_MS = "tandem.arbitration.zookeeper.session.timeout.ms";
  public static final int ARBITRATION_SESSION_TIMEOUT_MS_DEFAULT = 10_000;

  @Setting(value = "Also run an arbiter in this server (automatic failover once it is turned on for the pair). All "
      + "arbiters of a pair in one place: enable it on one site's server only, never on both.", type = BOOLEAN)
  public static final String ARBITER_ENABLED = "tandem.arbiter.enabled";
  public static final boolean ARBITER_ENABLED_DEFAULT = false;

  @Setting(value = "How long a switchover, failover, failback or drill waits for the promoted site's server (seconds).",
      type = NUMBER)
  public static final String DR_TIMEOUT_SECONDS = "tandem.dr.timeout.seconds";
  public static final int DR_TIMEOUT_SECONDS_DEFAULT = 300;

  @Setting(value = "On each metastore with the fence listener: the site's Tandem registry, the same ZooKeeper "
      + "ensemble as the servers' `tandem.zookeeper.connect`. The pack's service advisor recommends it.",
      where = METASTORE, derived = "the site's `tandem.zookeeper.connect`")
  public static final String FENCE_REGISTRY_CONNECT = "tandem.registry.connect";

  @Setting(value = "On each metastore with the fence listener: how long a DDL or partition change on a fenced table "
      + "waits before it is refused (ms); also how long writes are held while the registry cannot be read.",
      type = NUMBER, where = METASTORE)
  public static final String FENCE_WAIT_MS = "tandem.fence.wait.ms";
  public static final long FENCE_WAIT_MS_DEFAULT = dev.tandem.hive.TandemFenceListener.WAIT_MS_DEFAULT;
}
