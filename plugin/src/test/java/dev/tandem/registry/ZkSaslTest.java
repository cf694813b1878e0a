package dev.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.WriterFence;
import dev.tandem.metastore.MetastoreFenceWatch;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.testing.RealComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.ProviderRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code tandem.zookeeper.auth=sasl} against a real ZooKeeper with SASL (DIGEST-MD5 through JAAS, the mechanism
 * ZooKeeper's own tests use; Kerberos goes through the same client code with the {@code Client} section): Tandem's
 * principal gets everything, the metastore's ({@code hive}) only what the fence protocol needs, an anonymous client
 * nothing. The JAAS configuration is the JVM's, so it is set for this class and put back after it.
 */
@RealComponents
class ZkSaslTest {
  private static final ZkSecurity SASL = ZkSecurity.sasl("ids", List.of("tandem"), "ms", List.of("hive"));
  private static final GroupName G = GroupName.of("billing");
  private static final RegistryPaths PATHS = new RegistryPaths("/tandem");
  private static final String DIGEST_LOGIN = "org.apache.zookeeper.server.auth.DigestLoginModule";
  private static final String PROVIDER = ProviderRegistry.AUTHPROVIDER_PROPERTY_PREFIX + "1";
  private static Configuration previous;

  private TestingServer zk;
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @BeforeAll
  static void jaas() {
    try {
      previous = Configuration.getConfiguration();
    } catch (SecurityException e) {
      previous = null;
    }
    Map<String, AppConfigurationEntry[]> sections = Map.of(
        "Server", entry(Map.of("user_tandem", "tandem-pw", "user_hive", "hive-pw")),
        "Client", entry(Map.of("username", "tandem", "password", "tandem-pw")),
        "HiveClient", entry(Map.of("username", "hive", "password", "hive-pw")));
    Configuration.setConfiguration(new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        AppConfigurationEntry[] e = sections.get(name);
        return e != null || previous == null ? e : previous.getAppConfigurationEntry(name);
      }
    });
    // what authProvider.1 in zoo.cfg does for a real ensemble
    System.setProperty(PROVIDER, "org.apache.zookeeper.server.auth.SASLAuthenticationProvider");
    ProviderRegistry.reset();
    ProviderRegistry.initialize();
  }

  @AfterAll
  static void restore() {
    System.clearProperty(PROVIDER);
    ProviderRegistry.reset();
    Configuration.setConfiguration(previous);
  }

  private static AppConfigurationEntry[] entry(Map<String, String> options) {
    return new AppConfigurationEntry[] {new AppConfigurationEntry(DIGEST_LOGIN,
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
  }

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    ZkClients.use(SASL);
  }

  @AfterEach
  void stop() throws Exception {
    ZkClients.use(ZkSecurity.none());
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    zk.close();
  }

  /** A client with the given JAAS section (null: no SASL) and Tandem's ACL rule. */
  private CuratorFramework client(String section) throws InterruptedException {
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, Boolean.toString(section != null));
    if (section != null) {
      config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
    }
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
        .aclProvider(new TandemAclProvider("/tandem", SASL)).zkClientConfig(config)
        .retryPolicy(new RetryOneTime(100)).sessionTimeoutMs(10_000).connectionTimeoutMs(2_000).build();
    open.add(c);
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  /** The fence listener's client, as TandemFenceListener builds it, logged in with the section HiveClient. */
  private CuratorFramework listener() throws Exception {
    org.apache.hadoop.conf.Configuration hiveSite = new org.apache.hadoop.conf.Configuration(false);
    hiveSite.set("tandem.zookeeper.auth", "sasl");
    CuratorFramework c;
    // the ZooKeeper client reads its JAAS section's name when its configuration is made; a metastore has one identity
    System.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, "HiveClient");
    try {
      c = dev.tandem.hive.ListenerClients.builder(hiveSite, "/tandem").connectString(zk.getConnectString())
          .retryPolicy(new RetryOneTime(100)).sessionTimeoutMs(10_000).connectionTimeoutMs(2_000).build();
    } finally {
      System.clearProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY);
    }
    open.add(c);
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  @Test
  void tandemGetsEverythingTheMetastoreOnlyTheFenceProtocolAndAnonymousNothing() throws Exception {
    ZkRegistry tandem = ZkRegistry.connect(zk.getConnectString(), "/tandem", "east");
    open.add(tandem);
    ProtectionGroup group = new ProtectionGroup(G, new ClusterPair(SiteId.of("east"), SiteId.of("west")),
        List.of(HdfsDirectory.of("/data/billing")), Schedule.parse("01:30", "4h", "Europe/Paris"), 7,
        SnapshotEnablement.ENABLE_IF_MISSING, true);
    tandem.putGroup(group);
    tandem.moveLastGoodCut(G, Optional.empty(), CutId.at(Instant.parse("2026-12-08T01:30:00Z")));
    assertThat(tandem.client().getACL().forPath(PATHS.group(G)))
        .containsExactly(new ACL(Perms.ALL, new Id("sasl", "tandem")));

    // the metastore (sasl:hive, through the listener's own client set-up from hive-site keys) registers, sees the
    // fence, holds writes and confirms it
    CuratorFramework hive = listener();
    MetastoreFenceWatch watch = new MetastoreFenceWatch(hive, PATHS.fence(), data -> (db, t) -> true, false)
        .start(Duration.ofSeconds(10));
    open.add(watch);
    ZkMetastoreFence fence = new ZkMetastoreFence(tandem.client(), PATHS);
    try (WriterFence.Raised raised = fence.raise(G, "sales.orders".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10))) {
      assertThat(hive.getData().forPath(PATHS.metastoreFence(G))).isNotEmpty();
      // what the listener created carries the servers' rule: sasl:tandem ALL, sasl:hive ALL
      TandemAclProvider rule = new TandemAclProvider("/tandem", SASL);
      String instance = PATHS.metastoreInstance(tandem.client().getChildren().forPath(PATHS.metastoreInstances()).get(0));
      String ack = PATHS.metastoreAck(G.value(),
          tandem.client().getChildren().forPath(PATHS.metastoreAcks(G.value())).get(0));
      for (String node : List.of(PATHS.metastoreInstances(), instance, PATHS.metastoreAcks(G.value()), ack)) {
        assertThat(tandem.client().getACL().forPath(node)).as(node)
            .containsExactlyInAnyOrderElementsOf(rule.getAclForPath(node));
      }
      refused(() -> hive.delete().forPath(PATHS.metastoreFence(G)), "lowering the fence");
      refused(() -> hive.setData().forPath(PATHS.metastoreFence(G), new byte[0]), "changing the fence");
    }
    refused(() -> hive.create().withMode(CreateMode.EPHEMERAL).forPath(PATHS.metastoreFence(G)), "raising a fence");
    for (String path : List.of(PATHS.group(G), PATHS.lastGoodCut(G))) {
      refused(() -> hive.getData().forPath(path), path);
      refused(() -> hive.setData().forPath(path, new byte[0]), path);
    }
    refused(() -> hive.create().forPath(PATHS.groups() + "/evil"), "a new group");

    CuratorFramework anonymous = client(null);
    for (String path : List.of(PATHS.group(G), PATHS.lastGoodCut(G), PATHS.metastoreFences())) {
      refused(() -> anonymous.getData().forPath(path), path);
      refused(() -> anonymous.setData().forPath(path, new byte[0]), path);
    }
    assertThat(tandem.group(G)).contains(group);
  }

  private static void refused(Executable call, String what) {
    assertThatThrownBy(call::execute).as(what).isInstanceOf(KeeperException.NoAuthException.class);
  }
}
