package dev.tandem.server;

import static dev.tandem.server.TandemProperties.*;

import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.ClusterSpec;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.SharedSecrets;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkAuth;
import dev.tandem.registry.ZkClients;
import dev.tandem.registry.ZkJaas;
import dev.tandem.registry.ZkSecurity;
import dev.tandem.runtime.HadoopSiteConnections;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.AuthToLocal;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.LoginThrottle;
import dev.tandem.server.auth.Role;
import dev.tandem.server.auth.SpnegoAcceptor;
import dev.tandem.server.auth.UsersFile;
import dev.tandem.userdata.UserDataProperties;
import dev.tandem.userdata.UserDataSources;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Builds a production server from {@code <conf-dir>/tandem-site.xml} plus the site's Hadoop client configuration
 * (core-site.xml, hdfs-site.xml, mapred-site.xml, yarn-site.xml from {@code $HADOOP_CONF_DIR} and conf-dir). Every problem is reported with the key that
 * causes it, before anything starts.
 */
public final class ServerConfiguration {
  private static final String[] HADOOP_FILES = {"core-site.xml", "hdfs-site.xml", "mapred-site.xml",
      "yarn-site.xml"};

  private ServerConfiguration() {}

  public static TandemServer fromConfDir(File confDir) {
    return builderFromConfDir(confDir).build(false);
  }

  /**
   * The builder {@link #fromConfDir} builds, for a caller that wraps the configured server (a test that adds a
   * {@link dev.tandem.engine.StepInterceptor}, an embedding process); {@code build(false)} keeps the production
   * checks (no {@code tandem.auth.type=none}).
   */
  public static TandemServer.Builder builderFromConfDir(File confDir) {
    File file = new File(confDir, SITE_FILE);
    InvalidInputException.check(file.isFile(), "conf-dir", "No %s in %s", SITE_FILE, confDir.getAbsolutePath());
    Configuration conf = new Configuration();
    // The site's Hadoop client configuration: $HADOOP_CONF_DIR (default /etc/hadoop/conf), then conf-dir.
    String hadoopConfDir = System.getenv().getOrDefault("HADOOP_CONF_DIR", "/etc/hadoop/conf");
    for (File dir : new File[] {new File(hadoopConfDir), confDir}) {
      for (String name : HADOOP_FILES) {
        File f = new File(dir, name);
        if (f.isFile()) {
          conf.addResource(new org.apache.hadoop.fs.Path(f.getAbsolutePath()));
        }
      }
    }
    conf.addResource(new org.apache.hadoop.fs.Path(file.getAbsolutePath()));
    return builder(conf, confDir);
  }

  static TandemServer build(Configuration conf, File confDir) {
    return builder(conf, confDir).build(false);
  }

  static TandemServer.Builder builder(Configuration conf, File confDir) {
    String id = conf.getTrimmed(SITE_ID, "");
    InvalidInputException.check(!id.isEmpty(), SITE_ID, "%s is required", SITE_ID);
    SiteId siteId;
    try {
      siteId = SiteId.of(id);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(SITE_ID, e.getMessage());
    }
    String zk = conf.getTrimmed(ZOOKEEPER_CONNECT, "");
    InvalidInputException.check(!zk.isEmpty(), ZOOKEEPER_CONNECT, "%s is required", ZOOKEEPER_CONNECT);
    String fsUri = conf.getTrimmed(SITE_FS_URI, conf.getTrimmed("fs.defaultFS", ""));
    InvalidInputException.check(fsUri.startsWith("hdfs://"), SITE_FS_URI,
        "The site's file system must be HDFS: '%s' (set %s or fs.defaultFS in core-site.xml)", fsUri, SITE_FS_URI);
    Site site = new Site(siteId, conf.get(SITE_LOCATION, SITE_LOCATION_DEFAULT), fsUri, zk,
        conf.getTrimmed(HIVE_METASTORE_URIS, HIVE_METASTORE_URIS_DEFAULT), ClusterSpec.UNKNOWN);
    UserDataSources userData = UserDataProperties.sources(conf, site.metastoreUri());
    dev.tandem.arbiter.ArbitrationSettings timings = arbitrationSettings(conf);
    java.time.Duration fullReads = duration(conf, HIVE_FULL_READ_INTERVAL, HIVE_FULL_READ_INTERVAL_DEFAULT);
    java.time.Duration verifyFull = duration(conf, VERIFY_FULL_INTERVAL, VERIFY_FULL_INTERVAL_DEFAULT);
    java.time.Duration driftRetention = duration(conf, DRIFT_SNAPSHOT_RETENTION, DRIFT_SNAPSHOT_RETENTION_DEFAULT);
    java.time.Duration spaceRefresh = duration(conf, SPACE_REFRESH_INTERVAL, SPACE_REFRESH_INTERVAL_DEFAULT);

    dev.tandem.hive.MetastoreSecurity metastoreSecurity = metastoreSecurity(conf);
    Optional<String> login = ServiceLogin.login(conf);
    ZkClients.use(zkSecurity(conf, login));
    dev.tandem.hive.HmsClient.secure(metastoreSecurity);
    Authenticator authenticator = authenticator(conf, confDir);
    String root = conf.getTrimmed(REGISTRY_ROOT, REGISTRY_ROOT_DEFAULT);
    File work = new File(conf.getTrimmed(WORK_DIR, WORK_DIR_DEFAULT));
    Configuration jobConf = new Configuration(conf);
    if ("local".equals(jobConf.get("mapreduce.framework.name", "local"))) {
      jobConf.set("hadoop.tmp.dir", new File(work, "jobs").getAbsolutePath());
    }
    HadoopSiteConnections connections = new HadoopSiteConnections(conf, jobConf, root, DirectCopyLimits.DEFAULT, 8);
    connections.userDataSources(siteId, userData);
    connections.hiveFullReadInterval(fullReads);
    return TandemServer.builder(site, connections, conf)
        .ownsConnections(true)
        .runOptions(dev.tandem.engine.RunOptions.defaults().withVerifyFullInterval(verifyFull)
            .withDriftSnapshotRetention(driftRetention))
        .snapshotSpace(spaceRefresh, positive(conf, SPACE_SCAN_MAX_FILES, SPACE_SCAN_MAX_FILES_DEFAULT))
        .authenticator(authenticator)
        .registryRoot(root)
        .zkSessionTimeoutMs(positive(conf, ZOOKEEPER_SESSION_TIMEOUT_MS, ZOOKEEPER_SESSION_TIMEOUT_MS_DEFAULT))
        .host(conf.getTrimmed(SERVER_HOST, SERVER_HOST_DEFAULT))
        .port(conf.getInt(SERVER_PORT, SERVER_PORT_DEFAULT))
        .tls(tls(conf))
        .allowedHosts(conf.getTrimmedStringCollection(SERVER_ALLOWED_HOSTS).stream().toList())
        .maxRequestBytes(positive(conf, SERVER_MAX_REQUEST_BYTES, SERVER_MAX_REQUEST_BYTES_DEFAULT))
        .runThreads(positive(conf, SERVER_RUN_THREADS, SERVER_RUN_THREADS_DEFAULT))
        .schedulerTick(Duration.ofSeconds(positive(conf, SCHEDULER_TICK_SECONDS, SCHEDULER_TICK_SECONDS_DEFAULT)))
        .retries(retries(conf))
        .healthInterval(Duration.ofSeconds(positive(conf, HEALTH_INTERVAL_SECONDS, HEALTH_INTERVAL_SECONDS_DEFAULT)))
        .yarnUrl(conf.getTrimmed(YARN_RM_URL, YARN_RM_URL_DEFAULT))
        .metricsCollector(conf.getTrimmed(METRICS_COLLECTOR_URL, METRICS_COLLECTOR_URL_DEFAULT),
            Duration.ofSeconds(positive(conf, METRICS_INTERVAL_SECONDS, METRICS_INTERVAL_SECONDS_DEFAULT)))
        .arbitration(conf.getBoolean(ARBITRATION_ENABLED, ARBITRATION_ENABLED_DEFAULT))
        .arbitrationTimings(timings,
            Duration.ofMillis(positive(conf, ARBITRATION_SESSION_TIMEOUT_MS, ARBITRATION_SESSION_TIMEOUT_MS_DEFAULT)))
        .arbiter(conf.getBoolean(ARBITER_ENABLED, ARBITER_ENABLED_DEFAULT))
        .drTimeout(Duration.ofSeconds(positive(conf, DR_TIMEOUT_SECONDS, DR_TIMEOUT_SECONDS_DEFAULT)))
        .auditRetention(auditRetention(conf));
  }

  /**
   * How this process authenticates to ZooKeeper and which ids its znodes admit ({@code tandem.zookeeper.*}). With
   * SASL and no JAAS {@code Client} section, the server's keytab login ({@code login}) becomes the section; without
   * either the server does not start. A malformed value names its key.
   */
  public static ZkSecurity zkSecurity(Configuration conf, Optional<String> login) {
    ZkAuth auth = ZkAuth.parse(ZOOKEEPER_AUTH,
        conf.get(ZOOKEEPER_AUTH, ZOOKEEPER_AUTH_DEFAULT));
    switch (auth) {
      case DIGEST: {
        char[] p = password(conf, ZOOKEEPER_DIGEST_SECRET);
        String secret = p == null ? "" : new String(p);
        return ZkSecurity.digest(ZOOKEEPER_DIGEST_USER,
            conf.getTrimmed(ZOOKEEPER_DIGEST_USER, ZOOKEEPER_DIGEST_USER_DEFAULT), ZOOKEEPER_DIGEST_SECRET, secret);
      }
      case SASL: {
        List<String> ids = List.of(conf.getTrimmedStrings(ZOOKEEPER_SASL_IDS, ZOOKEEPER_SASL_IDS_DEFAULT));
        ZkSecurity security = ZkSecurity.sasl(ZOOKEEPER_SASL_IDS, ids,
            ZOOKEEPER_SASL_METASTORE_IDS, List.of(conf.getTrimmedStrings(ZOOKEEPER_SASL_METASTORE_IDS,
                ZOOKEEPER_SASL_METASTORE_IDS_DEFAULT)));
        if (!ZkJaas.configured()) {
          InvalidInputException.check(login.isPresent(), ZOOKEEPER_AUTH, "%s=sasl needs a JAAS '%s' section "
              + "(-Djava.security.auth.login.config) or %s with its keytab", ZOOKEEPER_AUTH,
              ZkJaas.section(), KERBEROS_PRINCIPAL);
          ZkJaas.installKeytab(login.get(),
              conf.getTrimmed(KERBEROS_KEYTAB, KERBEROS_KEYTAB_DEFAULT));
        }
        return security;
      }
      default:
        return ZkSecurity.none();
    }
  }

  /**
   * How the metastores are reached: Tandem's keys, else Hive's own ({@code hive.metastore.sasl.enabled},
   * {@code hive.metastore.kerberos.principal}, {@code hadoop.rpc.protection}) when a hive-site.xml is on the
   * class path. A malformed value names its key.
   */
  public static dev.tandem.hive.MetastoreSecurity metastoreSecurity(Configuration conf) {
    String principal = conf.getTrimmed(HIVE_METASTORE_KERBEROS_PRINCIPAL, HIVE_METASTORE_KERBEROS_PRINCIPAL_DEFAULT);
    String protection = conf.getTrimmed(HIVE_METASTORE_SASL_PROTECTION, "");  // empty: Hive's own, else the default
    boolean fromHive = principal.isEmpty() && conf.getBoolean("hive.metastore.sasl.enabled", false);
    if (fromHive) {
      principal = conf.getTrimmed("hive.metastore.kerberos.principal", "");
      InvalidInputException.check(!principal.isEmpty(), HIVE_METASTORE_KERBEROS_PRINCIPAL, "hive.metastore.sasl."
          + "enabled is true but neither %s nor hive.metastore.kerberos.principal is set",
          HIVE_METASTORE_KERBEROS_PRINCIPAL);
    }
    if (protection.isEmpty()) {
      protection = fromHive ? conf.getTrimmed("hadoop.rpc.protection", HIVE_METASTORE_SASL_PROTECTION_DEFAULT)
          .split(",")[0].trim() : HIVE_METASTORE_SASL_PROTECTION_DEFAULT;
    }
    try {
      return new dev.tandem.hive.MetastoreSecurity(principal, protection);
    } catch (InvalidInputException e) {
      String key = "principal".equals(e.field())
          ? (fromHive ? "hive.metastore.kerberos.principal" : HIVE_METASTORE_KERBEROS_PRINCIPAL)
          : HIVE_METASTORE_SASL_PROTECTION;
      throw new InvalidInputException(key, key + ": " + e.getMessage());
    }
  }

  /** The server's TLS when {@code tandem.server.tls.enabled}, else null; passwords through credential providers. */
  static ServerTls tls(Configuration conf) {
    if (!conf.getBoolean(SERVER_TLS_ENABLED, SERVER_TLS_ENABLED_DEFAULT)) {
      return null;
    }
    String keystore = conf.getTrimmed(SERVER_TLS_KEYSTORE_LOCATION, SERVER_TLS_KEYSTORE_LOCATION_DEFAULT);
    InvalidInputException.check(!keystore.isEmpty(), SERVER_TLS_KEYSTORE_LOCATION, "%s is required with %s=true",
        SERVER_TLS_KEYSTORE_LOCATION, SERVER_TLS_ENABLED);
    return ServerTls.load(Path.of(keystore), conf.getTrimmed(SERVER_TLS_KEYSTORE_TYPE,
        SERVER_TLS_KEYSTORE_TYPE_DEFAULT), password(conf, SERVER_TLS_KEYSTORE_PASSWORD),
        password(conf, SERVER_TLS_KEY_PASSWORD));
  }

  /** A PASSWORD setting: a credential provider's entry, else the value in the file; null when neither is set. */
  public static char[] password(Configuration conf, String key) {
    try {
      return conf.getPassword(key);
    } catch (java.io.IOException e) {
      throw new InvalidInputException(key, "Cannot read " + key + " from the credential providers: "
          + e.getMessage());
    }
  }

  /** Heartbeat, lease and grace; a combination that breaks {@code grace ≥ lease + 2 × heartbeat} names its key. */
  static dev.tandem.arbiter.ArbitrationSettings arbitrationSettings(Configuration conf) {
    Duration heartbeat = Duration.ofMillis(positive(conf, ARBITRATION_HEARTBEAT_MS, ARBITRATION_HEARTBEAT_MS_DEFAULT));
    Duration lease = Duration.ofMillis(positive(conf, ARBITRATION_LEASE_MS, ARBITRATION_LEASE_MS_DEFAULT));
    Duration grace = Duration.ofMillis(positive(conf, ARBITRATION_GRACE_MS, ARBITRATION_GRACE_MS_DEFAULT));
    try {
      return new dev.tandem.arbiter.ArbitrationSettings(false, grace, lease, heartbeat);
    } catch (InvalidInputException e) {
      String key = switch (e.field()) {
        case "heartbeat" -> ARBITRATION_HEARTBEAT_MS;
        case "lease" -> ARBITRATION_LEASE_MS;
        default -> ARBITRATION_GRACE_MS;
      };
      throw new InvalidInputException(key, key + ": " + e.getMessage());
    }
  }

  static Authenticator authenticator(Configuration conf, File confDir) {
    AuthMode mode = AuthMode.parse(conf.getTrimmed(AUTH_TYPE, AUTH_TYPE_DEFAULT));
    Path usersFile = confDir.toPath().resolve(conf.getTrimmed(AUTH_USERS_FILE, AUTH_USERS_FILE_DEFAULT));
    UsersFile users = UsersFile.load(usersFile, UsersFile.CHECK_EVERY_DEFAULT, Clock.systemUTC());
    // A credential provider's entry, else the file's value: the secret asserts users, so it need not sit in clear.
    char[] viewSecret = password(conf, VIEW_SECRET);
    String secret = viewSecret == null ? VIEW_SECRET_DEFAULT : new String(viewSecret);
    if (!secret.isEmpty()) {
      SharedSecrets.checkLength(VIEW_SECRET, secret);
    }
    if (mode == AuthMode.BASIC && !users.get().hasPasswords() && secret.isEmpty()) {
      throw new InvalidInputException(AUTH_USERS_FILE, "Nobody could log in: no users in " + usersFile
          + " and no " + VIEW_SECRET + " (see 'tandem hash-password')");
    }
    Role viewRole = Role.parse(conf.getTrimmed(AUTH_VIEW_DEFAULT_ROLE, AUTH_VIEW_DEFAULT_ROLE_DEFAULT),
        AUTH_VIEW_DEFAULT_ROLE);
    int maxFailures = conf.getInt(AUTH_FAILURES_MAX, AUTH_FAILURES_MAX_DEFAULT);
    InvalidInputException.check(maxFailures >= 0, AUTH_FAILURES_MAX, "%s must not be negative: %s",
        AUTH_FAILURES_MAX, maxFailures);
    Duration window = duration(conf, AUTH_FAILURES_WINDOW, AUTH_FAILURES_WINDOW_DEFAULT);
    Authenticator.Builder auth = Authenticator.builder(mode).users(users).view(secret, viewRole)
        .throttle(new LoginThrottle(maxFailures, window, LoginThrottle.MAX_KEYS_DEFAULT, Clock.systemUTC()));
    if (mode != AuthMode.KERBEROS) {
      return auth.build();
    }
    Role kerberosRole = Role.parse(conf.getTrimmed(AUTH_KERBEROS_DEFAULT_ROLE, AUTH_KERBEROS_DEFAULT_ROLE_DEFAULT),
        AUTH_KERBEROS_DEFAULT_ROLE);
    String keytab = conf.getTrimmed(AUTH_KERBEROS_KEYTAB, AUTH_KERBEROS_KEYTAB_DEFAULT);
    InvalidInputException.check(!keytab.isEmpty(), AUTH_KERBEROS_KEYTAB, "%s is required with %s=kerberos",
        AUTH_KERBEROS_KEYTAB, AUTH_TYPE);
    AuthToLocal rules = authToLocal(conf);
    String principal = conf.getTrimmed(AUTH_KERBEROS_PRINCIPAL, AUTH_KERBEROS_PRINCIPAL_DEFAULT)
        .replace("_HOST", TandemServer.hostname().toLowerCase(java.util.Locale.ROOT));
    return auth.kerberos(SpnegoAcceptor.login(principal, new File(keytab)), rules, kerberosRole).build();
  }

  /** Tandem's own rules if set, else Hadoop's {@code hadoop.security.auth_to_local}, else {@code DEFAULT}. */
  static AuthToLocal authToLocal(Configuration conf) {
    String own = conf.get(AUTH_KERBEROS_AUTH_TO_LOCAL, AUTH_KERBEROS_AUTH_TO_LOCAL_DEFAULT);
    if (own != null && !own.isBlank()) {
      return AuthToLocal.of(own, AUTH_KERBEROS_AUTH_TO_LOCAL);
    }
    return AuthToLocal.of(conf.get(AuthToLocal.HADOOP_KEY, "DEFAULT"), AuthToLocal.HADOOP_KEY);
  }

  /** A Hadoop duration ({@code 24h}, {@code 90m}, {@code 0}) that must not be negative. */
  static java.time.Duration duration(Configuration conf, String key, java.time.Duration fallback) {
    long seconds;
    try {
      seconds = conf.getTimeDuration(key, fallback.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(key, key + " must be a duration such as 24h, 90m or 0: '" + conf.get(key)
          + "'");
    }
    InvalidInputException.check(seconds >= 0, key, "%s must not be negative: %s", key, conf.get(key));
    return java.time.Duration.ofSeconds(seconds);
  }

  static Duration auditRetention(Configuration conf) {
    Duration retention = duration(conf, AUDIT_RETENTION, AUDIT_RETENTION_DEFAULT);
    InvalidInputException.check(retention.toHours() >= 24, AUDIT_RETENTION, "%s must be at least 1d: %s",
        AUDIT_RETENTION, conf.get(AUDIT_RETENTION));
    return retention;
  }

  static dev.tandem.server.scheduler.RetryPolicy retries(Configuration conf) {
    String text = conf.getTrimmed(SCHEDULER_RETRY_ATTEMPTS, String.valueOf(SCHEDULER_RETRY_ATTEMPTS_DEFAULT));
    int attempts;
    try {
      attempts = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(SCHEDULER_RETRY_ATTEMPTS, SCHEDULER_RETRY_ATTEMPTS
          + " must be a whole number from 0 to 100: '" + text + "'");
    }
    InvalidInputException.check(attempts >= 0 && attempts <= 100, SCHEDULER_RETRY_ATTEMPTS,
        "%s must be a whole number from 0 to 100: %d", SCHEDULER_RETRY_ATTEMPTS, attempts);
    java.time.Duration backoff = duration(conf, SCHEDULER_RETRY_BACKOFF, SCHEDULER_RETRY_BACKOFF_DEFAULT);
    InvalidInputException.check(!backoff.isZero(), SCHEDULER_RETRY_BACKOFF, "%s must be positive: %s",
        SCHEDULER_RETRY_BACKOFF, conf.get(SCHEDULER_RETRY_BACKOFF));
    return new dev.tandem.server.scheduler.RetryPolicy(attempts, backoff);
  }

  private static int positive(Configuration conf, String key, int fallback) {
    int value = conf.getInt(key, fallback);
    InvalidInputException.check(value > 0, key, "%s must be positive: %d", key, value);
    return value;
  }
}
