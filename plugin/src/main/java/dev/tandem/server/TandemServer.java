package dev.tandem.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.audit.AuditLog;
import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Registry;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.hdfs.HdfsHealthProbe;
import dev.tandem.hive.HiveRollback;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.GroupName;
import dev.tandem.model.Site;
import dev.tandem.registry.RegistryCodec;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.TandemAclProvider;
import dev.tandem.registry.ZkAclRepair;
import dev.tandem.registry.ZkClients;
import dev.tandem.registry.ZkSecurity;
import dev.tandem.registry.ZkAuditStore;
import dev.tandem.server.auth.AuthFilter;
import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.ClientAddress;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.CsrfFilter;
import dev.tandem.server.auth.FormTokens;
import dev.tandem.server.auth.HostFilter;
import dev.tandem.server.error.TandemExceptionMapper;
import dev.tandem.server.resource.AuditResource;
import dev.tandem.server.resource.GroupsResource;
import dev.tandem.server.resource.MetricsResource;
import dev.tandem.server.resource.SpaceResource;
import dev.tandem.server.resource.PairsResource;
import dev.tandem.server.resource.RunsResource;
import dev.tandem.server.resource.SitesResource;
import dev.tandem.server.resource.StateResource;
import dev.tandem.server.resource.StatusResource;
import dev.tandem.server.resource.DrTestResource;
import dev.tandem.server.resource.RestoreResource;
import dev.tandem.server.resource.UserDataResource;
import dev.tandem.server.scheduler.Scheduler;
import dev.tandem.server.scheduler.ZkLeadership;
import dev.tandem.server.scheduler.ZkScheduleStore;
import dev.tandem.server.ui.UiResource;
import dev.tandem.switchover.ApplyUserData;
import dev.tandem.switchover.SiteArbitration;
import dev.tandem.userdata.UserDataService;
import java.io.Closeable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.hadoop.conf.Configuration;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-plane server of one site: REST API (Jersey on the JDK's HTTP server), run executor, scheduler with
 * leader election, health monitor and metrics. Everything is wired here, by hand, in one place.
 *
 * <p>Paths: {@code /api/v1/...} (the API), {@code /metrics} (Prometheus), {@code /ui/} (the web UI's pages).
 */
public final class TandemServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(TandemServer.class);
  /**
   * Jersey warns, wrongly, that resource instances registered by hand "will be ignored" as providers (they are
   * served as resources all the same). Kept in a field: java.util.logging holds loggers weakly.
   */
  private static final java.util.logging.Logger JERSEY_PROVIDERS =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
  }
  static final String API_VERSION = "1.0";

  private enum State { LATENT, STARTED, CLOSED }

  private final Builder b;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HttpServer http;
  private JdkHttpHandlerContainer jersey;
  private ExecutorService httpThreads;
  private ControlPlane controlPlane;
  private Scheduler scheduler;
  private ZkLeadership leadership;
  private SiteHealthMonitor health;
  private Metrics metrics;
  private RunTracker tracker;
  private MetastoreHealth metastore;
  private volatile PairArbitrations arbitrations;
  private AuditLog audit;
  private URI uri;

  private TandemServer(Builder builder) {
    this.b = builder;
  }

  public static Builder builder(Site localSite, SiteConnections connections, Configuration hadoopConf) {
    return new Builder(localSite, connections, hadoopConf);
  }

  /** Binds the port and starts every part. On failure, whatever started is closed again. */
  public TandemServer start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    try {
      doStart();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void doStart() {
    Registry local = b.connections.open(b.site).registry();
    local.putSite(b.site);

    CuratorFramework zk = ZkClients.builder(b.site.registryConnect(), b.registryRoot)
        .retryPolicy(new ExponentialBackoffRetry(200, 3)).sessionTimeoutMs(b.zkSessionTimeoutMs)
        .connectionTimeoutMs(5_000).build();
    zk.start();
    closeables.add(zk);
    ZkSecurity security = ZkClients.security();
    if (security.enabled()) {
      // A registry written before authentication was on is open until its ACLs are set (one read once done).
      ZkAclRepair.Result repaired = new ZkAclRepair(zk, b.registryRoot,
          new TandemAclProvider(b.registryRoot, security)).ifNeeded();
      if (repaired != null && !repaired.complete()) {
        LOG.warn("ZooKeeper ({}): could not set the ACLs of {}; they stay as they were", security,
            repaired.refused());
      }
    }
    RegistryPaths paths = new RegistryPaths(b.registryRoot);
    // Peers are written only while the health monitor (created below) last found them reachable.
    AuditPeers auditPeers = new AuditPeers(local, b.site.id(), b.registryRoot,
        id -> health == null || health.observation(id).map(o -> o.health().reachable()).orElse(true));
    closeables.add(auditPeers);
    audit = new AuditLog(b.site.id().value(), new ZkAuditStore(zk, paths, "site " + b.site.id()), auditPeers,
        Clock.systemUTC(), b.auditRetention);

    metrics = new Metrics();
    metastore = new MetastoreHealth(b.site, b.hive);
    StepInterceptor steps = b.interceptor;
    if (b.arbitration) {
      // Only the site's leader runs agents; leadership is known once the latch below has started.
      arbitrations = new PairArbitrations(local, b.site, b.connections, this::agent,
          () -> leadership != null && leadership.isLeader(), b.arbitrationSettings, b.registryRoot,
          b.arbitrationSession);
      closeables.add(arbitrations);
      steps = arbitrations.guard(b.interceptor);
    }
    tracker = new RunTracker(metrics, steps);
    controlPlane = new ControlPlane(local, b.connections, Clock.systemUTC(), b.runOptions, tracker, tracker);
    closeables.add(controlPlane);
    RunExecutor executor = new RunExecutor(controlPlane, tracker, b.runThreads, Duration.ofSeconds(60));
    closeables.add(executor);
    Registries registries = new Registries(controlPlane, b.connections, b.site.id());
    HdfsAccess hdfs = new HdfsAccess(b.hadoopConf);
    closeables.add(hdfs);
    YarnClusterMetrics yarn = b.yarnUrl == null || b.yarnUrl.isBlank() ? null
        : new YarnClusterMetrics(b.yarnUrl, Duration.ofSeconds(5));
    health = new SiteHealthMonitor(local, b.site.id(), b.connections, hdfs, yarn, Clock.systemUTC(),
        b.probeTimeout);
    closeables.add(health);
    registries.reachability(id -> health.observation(id).map(o -> o.health().reachable()).orElse(false));

    GroupHandler groups = new GroupHandler(controlPlane, registries, tracker, Clock.systemUTC());
    PairArbitrations dr = arbitrations;
    RunHandler runs = new RunHandler(groups, registries, tracker, executor, dr == null ? g -> { } : dr::check);
    DrOperations operations = new DrOperations(Clock.systemUTC(), this::auditOperation);
    closeables.add(operations);
    DrHandler drHandler = new DrHandler(registries, dr, operations, b.runOptions, b.drTimeout);
    // the site's user data is kept by its connections (HadoopSiteConnections keeps it on the site's HDFS)
    UserDataHandler userData = new UserDataHandler(groups, registries, controlPlane, site ->
        b.connections.open(site).userData() instanceof UserDataService s ? Optional.of(s) : Optional.empty());
    RestoreHandler restores = new RestoreHandler(groups, registries, controlPlane);
    DrTestHandler drTests = new DrTestHandler(groups, controlPlane);
    SiteHandler sites = new SiteHandler(controlPlane, registries, health, hdfs, b.hive, this::refreshArbitration);
    // Settings are read and written in this site's registry, over the server's own ZooKeeper client.
    dev.tandem.registry.ZkArbitrationStore settingsStore = dev.tandem.registry.ZkArbitrationStore.over(b.site.id(),
        zk, b.registryRoot);
    closeables.add(settingsStore);
    StateHandler state = new StateHandler(controlPlane, registries, () -> settingsStore, Clock.systemUTC());
    StatusHandler status = new StatusHandler(registries, health, tracker, Clock.systemUTC(),
        dr == null ? pair -> Optional.empty() : dr::view);
    metrics.lagSource(status::lagSeconds);
    SnapshotSpaceService spaceService = new SnapshotSpaceService(controlPlane, b.connections, Clock.systemUTC(),
        b.spaceRefresh, b.spaceMaxFiles);
    closeables.add(spaceService);
    tracker.afterFinished(spaceService::onFinished);
    SpaceHandler space = new SpaceHandler(groups, spaceService);
    status.spaceSource(space::cached);
    metrics.spaceSource(() -> {
      java.util.Map<String, long[]> out = new java.util.TreeMap<>();
      for (var g : registries.local().groups()) {
        spaceService.cached(g.name()).ifPresent(s -> out.put(g.name().value(), new long[] {
            s.primary().cutsBytes() + s.primary().driftBytes(), s.secondary().cutsBytes() + s.secondary().driftBytes()}));
      }
      return out;
    });

    int repaired = InterruptedRuns.repair(local, b.site.id(), tracker, Clock.systemUTC(), b.interruptGrace);
    if (repaired > 0) {
      LOG.warn("Marked {} run(s) left RUNNING by a stopped server as FAILED (interrupted)", repaired);
    }

    leadership = new ZkLeadership(zk, paths.schedulerLeader(), b.instanceId, () -> {
      InterruptedRuns.repair(local, b.site.id(), tracker, Clock.systemUTC(), b.interruptGrace);
      refreshArbitration();
    }, this::refreshArbitration);
    scheduler = new Scheduler(local, b.site.id(), new ZkScheduleStore(zk, paths), leadership,
        new Scheduler.RunStarter() {
          @Override
          public void start(GroupName group, String requestedBy) {
            try {
              dev.tandem.model.Run run = executor.start(group, requestedBy);
              audit("scheduler.run", group, Map.of("run", run.id()), true, null, requestedBy);
            } catch (RuntimeException e) {
              audit("scheduler.run", group, Map.of(), false, e.getMessage(), requestedBy);
              throw e;
            }
          }

          @Override
          public boolean running(GroupName group) {
            return tracker.active(group).isPresent();
          }
        }, b.retries, b.scheduleClock);
    // Closed in reverse: the scheduler before the latch, the latch before the ZooKeeper client (added first).
    closeables.add(leadership);
    closeables.add(scheduler);
    health.afterRefresh(metastore::refresh);
    health.afterRefresh(this::refreshArbitration);
    leadership.start();
    if (b.schedulerTick != null) {
      scheduler.start(b.schedulerTick);
    }
    if (b.healthInterval != null) {
      health.start(b.healthInterval);
    } else {
      health.refresh();
    }
    if (b.auditPruneInterval != null) {
      ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(
          SiteHealthMonitor.daemon("tandem-audit-retention"));
      closeables.add(pruner::shutdownNow);
      pruner.scheduleWithFixedDelay(this::pruneAudit, 0, b.auditPruneInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (b.metricsCollector != null && !b.metricsCollector.isBlank()) {
      AmbariMetricsSink sink = new AmbariMetricsSink(b.metricsCollector, metrics, hostname(), Clock.systemUTC());
      closeables.add(sink);
      sink.start(b.metricsInterval);
    }

    FormTokens formTokens = new FormTokens();
    List<Object> resources = List.of(new SitesResource(sites), new PairsResource(sites, drHandler),
        new GroupsResource(groups, runs), new RunsResource(runs), new UserDataResource(userData),
        new RestoreResource(restores), new DrTestResource(drTests),
        new StatusResource(status, b.site.id().value(), this::openApi), new MetricsResource(metrics),
        new SpaceResource(space),
        new UiResource(sites, groups, runs, userData, restores, status, audit, formTokens, Clock.systemUTC())
            .space(space).drTests(drTests),
        new AuditResource(audit), new StateResource(state));
    ResourceConfig app = new ResourceConfig();
    app.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    app.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
    app.register(JacksonFeature.withoutExceptionMappers());
    app.register(new ObjectMapperResolver(apiMapper()));
    app.register(new TandemExceptionMapper());
    HostFilter hosts = HostFilter.ownNames(b.host, b.allowedHosts);
    app.register(hosts);
    app.register(new RequestSizeFilter(b.maxRequestBytes));
    app.register(new CsrfFilter(formTokens));
    app.register(new AuthFilter(b.authenticator));
    app.register(new NoSniffFilter());
    app.register(new AuditFilter(audit, apiMapper()));
    resources.forEach(app::register);

    String host = b.host;
    String scheme = b.tls == null ? "http" : "https";
    URI bind = URI.create(scheme + "://" + host + ":" + b.port + "/");
    // Built by hand rather than by JdkHttpServerFactory, to put the ClientAddress filter in front of Jersey.
    jersey = ContainerFactory.createContainer(JdkHttpHandlerContainer.class, app);
    java.net.InetSocketAddress address = new java.net.InetSocketAddress(host, bind.getPort());
    try {
      if (b.tls == null) {
        http = HttpServer.create(address, 0);
      } else {
        // One listener, HTTPS only: a plain-HTTP request on the port fails its TLS handshake and is never served.
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(b.tls.configurator());
        http = https;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot listen on " + host + ":" + b.port + ": " + e.getMessage(), e);
    }
    http.createContext("/", jersey).getFilters().add(new ClientAddress());
    httpThreads = Executors.newFixedThreadPool(16, SiteHealthMonitor.daemon("tandem-http"));
    http.setExecutor(httpThreads);
    http.start();
    jersey.getApplicationHandler().onStartup(jersey);
    String shown = host.equals("0.0.0.0") ? hostname() : host;
    uri = URI.create(scheme + "://" + shown + ":" + http.getAddress().getPort());
    LOG.info("Tandem server of site {} listening on {} (authentication {}, {}, instance {})", b.site.id(), uri,
        b.authenticator.mode().name().toLowerCase(java.util.Locale.ROOT),
        b.tls == null ? "plain HTTP" : "TLS " + String.join("/", ServerTls.PROTOCOLS), b.instanceId);
    LOG.debug("Host names answered: {}", hosts.allowed());
  }

  /** The site agent of one pair: HDFS and metastore health, promotion with Hive rollback and user data. */
  private SiteArbitration agent(Site self, Site peer, ClusterPair pair) {
    SiteArbitration agent = SiteArbitration.builder(self, peer, pair, b.connections)
        .health(HdfsHealthProbe.connect(self.fileSystemUri(), b.hadoopConf, metastore))
        .steps(List.of(new HiveRollback(b.hadoopConf), new ApplyUserData()))
        .settings(b.arbitrationSettings)
        .sessionTimeout(b.arbitrationSession)
        .registryRoot(b.registryRoot)
        .arbiter(b.arbiter)
        .build();
    agent.arbiter().ifPresent(a -> a.addListener((key, from, to) ->
        audit.record(AuditLog.Action.promotion(a.id(), key, from, to))));
    return agent;
  }

  /** A disaster-recovery operation started by a request has ended: its outcome, after the 202 of its start. */
  private void auditOperation(DrOperations.Operation op) {
    audit.record(new AuditLog.Action(op.requestedBy, "server",
        "operation." + op.kind.name().toLowerCase(java.util.Locale.ROOT),
        "/api/v1/pairs/" + op.pair + "/operations/" + op.id, null, Map.of("operation", op.id), 0,
        op.state == DrOperations.State.SUCCEEDED, op.error));
  }

  private void audit(String action, GroupName group, Map<String, String> params, boolean ok, String error,
      String user) {
    audit.record(new AuditLog.Action(user, "scheduler", action, "group " + group, group.value(), params, 0, ok,
        error));
  }

  /** Drops audit entries older than the retention now (the server also does so periodically). */
  public int pruneAudit() {
    try {
      return audit.prune();
    } catch (RuntimeException e) {
      LOG.warn("Audit entries not pruned now: {}", e.getMessage());
      return 0;
    }
  }

  /** This site's audit log. */
  public AuditLog audit() {
    return audit;
  }

  /** Never throws: its callers (leadership, health tick, pairing) have done their own work already. */
  private void refreshArbitration() {
    PairArbitrations a = arbitrations;
    if (a == null) {
      return;
    }
    try {
      a.refresh();
    } catch (RuntimeException e) {
      LOG.warn("Arbitration not brought in step with the registry's pairs now: {}", e.getMessage());
    }
  }

  /** The JSON of the API: ISO-8601 times, unknown request fields rejected (a typo must not pass silently). */
  public static ObjectMapper apiMapper() {
    return RegistryCodec.create().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** The resource classes, for the OpenAPI description and its test. */
  public static List<Class<?>> resourceClasses() {
    return List.of(SitesResource.class, PairsResource.class, GroupsResource.class, RunsResource.class,
        UserDataResource.class, RestoreResource.class, DrTestResource.class, StatusResource.class,
        MetricsResource.class, AuditResource.class, StateResource.class, SpaceResource.class);
  }

  private String openApi() {
    return OpenApi.describe(resourceClasses(), API_VERSION);
  }

  /** Base URI, e.g. {@code http://localhost:21400}, or {@code https://...} with TLS. */
  public URI uri() {
    return uri;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public boolean isLeader() {
    return leadership.isLeader();
  }

  public Metrics metrics() {
    return metrics;
  }

  /**
   * Probes every site now (normally the background monitor does this periodically), then brings the arbitration
   * in step with the registry's pairs.
   */
  public void refreshHealth() {
    health.refresh();
  }

  /** Whether a run of {@code group} executes on this server now. */
  public boolean running(GroupName group) {
    return tracker.active(group).isPresent();
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    if (http != null) {
      http.stop(0);
      httpThreads.shutdownNow();
      jersey.getApplicationHandler().onShutdown(jersey);
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("Closing {}: {}", closeables.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
    if (b.ownsConnections) {
      b.connections.close();
    }
    b.authenticator.close();
    if (httpThreads != null) {
      try {
        httpThreads.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LOG.info("Tandem server of site {} stopped", b.site.id());
  }

  static String hostname() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Everything a server needs; defaults are the {@link TandemProperties} defaults. */
  public static final class Builder {
    private final Site site;
    private final SiteConnections connections;
    private final Configuration hadoopConf;
    private boolean ownsConnections;
    private RunOptions runOptions = RunOptions.defaults();
    private Authenticator authenticator;
    private HiveCatalog hive = new dev.tandem.hive.HmsHiveCatalog();
    private String host = TandemProperties.SERVER_HOST_DEFAULT;
    private int port = TandemProperties.SERVER_PORT_DEFAULT;
    private int runThreads = TandemProperties.SERVER_RUN_THREADS_DEFAULT;
    private Duration schedulerTick = Duration.ofSeconds(TandemProperties.SCHEDULER_TICK_SECONDS_DEFAULT);
    private dev.tandem.server.scheduler.RetryPolicy retries = dev.tandem.server.scheduler.RetryPolicy.defaults();
    private Duration healthInterval = Duration.ofSeconds(TandemProperties.HEALTH_INTERVAL_SECONDS_DEFAULT);
    private Duration probeTimeout = Duration.ofSeconds(5);
    private Duration interruptGrace = Duration.ofMinutes(2);
    private Clock scheduleClock = Clock.systemUTC();
    private StepInterceptor interceptor = StepInterceptor.NONE;
    private String registryRoot = TandemProperties.REGISTRY_ROOT_DEFAULT;
    private String yarnUrl;
    private String metricsCollector;
    private Duration metricsInterval = Duration.ofSeconds(TandemProperties.METRICS_INTERVAL_SECONDS_DEFAULT);
    private String instanceId = hostname() + "-" + ProcessHandle.current().pid();
    private int zkSessionTimeoutMs = TandemProperties.ZOOKEEPER_SESSION_TIMEOUT_MS_DEFAULT;
    private boolean arbitration = TandemProperties.ARBITRATION_ENABLED_DEFAULT;
    private ArbitrationSettings arbitrationSettings = new ArbitrationSettings(false,
        Duration.ofMillis(TandemProperties.ARBITRATION_GRACE_MS_DEFAULT),
        Duration.ofMillis(TandemProperties.ARBITRATION_LEASE_MS_DEFAULT),
        Duration.ofMillis(TandemProperties.ARBITRATION_HEARTBEAT_MS_DEFAULT));
    private Duration arbitrationSession = Duration.ofMillis(TandemProperties.ARBITRATION_SESSION_TIMEOUT_MS_DEFAULT);
    private boolean arbiter = TandemProperties.ARBITER_ENABLED_DEFAULT;
    private Duration drTimeout = Duration.ofSeconds(TandemProperties.DR_TIMEOUT_SECONDS_DEFAULT);
    private Duration auditRetention = AuditLog.RETENTION_DEFAULT;
    private Duration auditPruneInterval = Duration.ofHours(1);
    private Duration spaceRefresh = TandemProperties.SPACE_REFRESH_INTERVAL_DEFAULT;
    private int spaceMaxFiles = TandemProperties.SPACE_SCAN_MAX_FILES_DEFAULT;
    private ServerTls tls;
    private List<String> allowedHosts = List.of();
    private long maxRequestBytes = TandemProperties.SERVER_MAX_REQUEST_BYTES_DEFAULT;

    private Builder(Site site, SiteConnections connections, Configuration hadoopConf) {
      this.site = Objects.requireNonNull(site, "site cannot be null");
      this.connections = Objects.requireNonNull(connections, "connections cannot be null");
      this.hadoopConf = Objects.requireNonNull(hadoopConf, "hadoopConf cannot be null");
    }

    /** The server closes the connections when it stops. */
    public Builder ownsConnections(boolean value) {
      this.ownsConnections = value;
      return this;
    }

    public Builder runOptions(RunOptions value) {
      this.runOptions = value;
      return this;
    }

    public Builder authenticator(Authenticator value) {
      this.authenticator = value;
      return this;
    }

    public Builder hiveCatalog(HiveCatalog value) {
      this.hive = value;
      return this;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /** Serve HTTPS only, with this key and certificate; null (the default): plain HTTP. */
    public Builder tls(ServerTls value) {
      this.tls = value;
      return this;
    }

    /**
     * Host names accepted in the {@code Host} header besides this host's own ({@link HostFilter#ownNames});
     * {@value HostFilter#ANY} accepts any.
     */
    public Builder allowedHosts(List<String> value) {
      this.allowedHosts = List.copyOf(value);
      return this;
    }

    /** The largest request body read (bytes); larger ones are refused with 413. */
    public Builder maxRequestBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxRequestBytes must be positive: " + value);
      }
      this.maxRequestBytes = value;
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder runThreads(int value) {
      this.runThreads = value;
      return this;
    }

    /** How often the scheduler ticks; null: never by itself (tests tick it). */
    public Builder schedulerTick(Duration value) {
      this.schedulerTick = value;
      return this;
    }

    /** How the scheduler retries a moment whose run failed. */
    public Builder retries(dev.tandem.server.scheduler.RetryPolicy value) {
      this.retries = java.util.Objects.requireNonNull(value, "retries cannot be null");
      return this;
    }

    /** How often sites are probed; null: once at start, then on {@link #refreshHealth()} only. */
    public Builder healthInterval(Duration value) {
      this.healthInterval = value;
      return this;
    }

    public Builder probeTimeout(Duration value) {
      this.probeTimeout = value;
      return this;
    }

    /** How old a RUNNING record without a lock holder must be to count as interrupted. */
    public Builder interruptGrace(Duration value) {
      this.interruptGrace = value;
      return this;
    }

    /** The scheduler's clock (the run records keep the system clock). */
    public Builder scheduleClock(Clock value) {
      this.scheduleClock = value;
      return this;
    }

    /** Called around every run step before cancellation is checked (failure injection in tests). */
    public Builder interceptor(StepInterceptor value) {
      this.interceptor = value;
      return this;
    }

    public Builder registryRoot(String value) {
      this.registryRoot = value;
      return this;
    }

    public Builder yarnUrl(String value) {
      this.yarnUrl = value;
      return this;
    }

    public Builder metricsCollector(String url, Duration every) {
      this.metricsCollector = url;
      this.metricsInterval = every;
      return this;
    }

    /** Name of this server among the site's servers (leader election). */
    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    public Builder zkSessionTimeoutMs(int value) {
      this.zkSessionTimeoutMs = value;
      return this;
    }

    /** Whether the server runs its site's arbitration (agents, epoch guard, disaster-recovery verbs). */
    public Builder arbitration(boolean value) {
      this.arbitration = value;
      return this;
    }

    /**
     * Heartbeat, lease and grace for pairs whose registries hold no settings yet ({@code autoFailover} is not
     * taken from here: it is off until an operator turns it on), and the agents' ZooKeeper session timeout.
     */
    public Builder arbitrationTimings(ArbitrationSettings settings, Duration sessionTimeout) {
      this.arbitrationSettings = settings.withAutoFailover(false);
      this.arbitrationSession = Objects.requireNonNull(sessionTimeout, "sessionTimeout cannot be null");
      return this;
    }

    /** Also run an arbiter here; see {@link TandemProperties#ARBITER_ENABLED} for where arbiters may run. */
    public Builder arbiter(boolean value) {
      this.arbiter = value;
      return this;
    }

    /**
     * Snapshot space: how old a measurement may be before a request measures again, and how many files one
     * measurement lists at most per group and site.
     */
    public Builder snapshotSpace(Duration refresh, int maxFiles) {
      this.spaceRefresh = refresh;
      this.spaceMaxFiles = maxFiles;
      return this;
    }

    /** How long the disaster-recovery verbs wait for a promoted site's server. */
    public Builder drTimeout(Duration value) {
      this.drTimeout = value;
      return this;
    }

    /** How long audit entries are kept ({@link TandemProperties#AUDIT_RETENTION}). */
    public Builder auditRetention(Duration value) {
      this.auditRetention = Objects.requireNonNull(value, "auditRetention cannot be null");
      return this;
    }

    /** How often old audit entries are dropped; null: only on {@link TandemServer#pruneAudit()}. */
    public Builder auditPruneInterval(Duration value) {
      this.auditPruneInterval = value;
      return this;
    }

    /**
     * Builds the server. Authentication must be chosen explicitly; {@code none} is accepted only with
     * {@code sandbox} set.
     */
    public TandemServer build(boolean sandbox) {
      if (authenticator == null) {
        throw new IllegalStateException("authenticator is required");
      }
      if (authenticator.mode() == AuthMode.NONE && !sandbox) {
        throw new dev.tandem.model.InvalidInputException(TandemProperties.AUTH_TYPE,
            "tandem.auth.type=none is allowed only in the sandbox; use basic");
      }
      return new TandemServer(this);
    }
  }
}
