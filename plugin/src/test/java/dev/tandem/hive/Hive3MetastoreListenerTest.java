package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.WriterFence;
import dev.tandem.metastore.FenceScope;
import dev.tandem.model.GroupName;
import dev.tandem.registry.RegistryPaths;
import dev.tandem.registry.ZkMetastoreFence;
import dev.tandem.testing.RealComponents;
import dev.tandem.testing.Waits;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable listener jar ({@code tandem-metastore-listener-*-shaded.jar}) in a real Hive 3.1.3 standalone
 * metastore: the metastore runs in a child JVM on Hive 3.1.3's own class path (Curator 2.12 and ZooKeeper 3.4.9
 * included, as on a production metastore), resolved by the {@code metastore-listener/hive3-metastore} module, with
 * the jar added and configured as the README says. The control plane's {@link ZkMetastoreFence} raises the fence
 * in this JVM's ZooKeeper; the DDL goes over plain Thrift (Hive 3.1.3's RPCs only, {@link HmsClient}).
 */
@RealComponents
class Hive3MetastoreListenerTest {
  private static final RegistryPaths PATHS = new RegistryPaths("/tandem");
  private static final GroupName GROUP = GroupName.of("billing");
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private static final String ZK_SECRET = "east-and-west-share-this";
  private static final dev.tandem.registry.ZkSecurity ZK_DIGEST = dev.tandem.registry.ZkSecurity.digest("user",
      "tandem", "secret", ZK_SECRET);

  private TestingServer zk;
  private CuratorFramework control;
  private Process metastore;
  private Path log;
  private String uri;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<HmsClient> clients = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    // With ZooKeeper digest authentication, as a secured site runs (issue 16 A): the listener in the Hive 3.1.3
    // metastore (shaded jar, Hadoop 3.1's Configuration) authenticates as the servers do, from hive-site keys.
    control = dev.tandem.registry.ZkClients.builder(zk.getConnectString(), "/tandem", ZK_DIGEST)
        .retryPolicy(new RetryOneTime(100)).sessionTimeoutMs(30_000).connectionTimeoutMs(5_000).build();
    control.start();
    assertThat(control.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    int port = freePort();
    uri = "thrift://127.0.0.1:" + port;
    metastore = startHive313Metastore(port);
    Waits.until(STARTUP, this::serving, () -> "Hive 3.1.3 metastore not serving on " + uri + "\n" + logTail());
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(HmsClient::close);
    pool.shutdownNow();
    if (metastore != null) {
      metastore.destroy();
      if (!metastore.waitFor(30, TimeUnit.SECONDS)) {
        metastore.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      // Kept for a look after the run (the temporary directory goes).
      Files.copy(log, Path.of("target", "hive3-metastore.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (control != null) {
      control.close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  @Test
  void theFenceHoldsDdlOnItsTableInAHive313MetastoreAndLetsOtherTablesThrough() throws Exception {
    HmsClient hms = client();
    // The listener registers its metastore when the metastore starts, before any change: a cut refuses to go
    // ahead while none is registered, and an idle metastore must not look like one without the listener.
    Waits.until(LONG, () -> children(PATHS.metastoreInstances()).size() == 1,
        () -> "metastore registered under " + PATHS.metastoreInstances() + ": " + children(PATHS.metastoreInstances())
            + "\n" + logTail());
    String instance = children(PATHS.metastoreInstances()).get(0);
    assertThat(control.getACL().forPath(PATHS.metastoreInstance(instance))).as("the listener's node admits Tandem only")
        .containsExactly(new org.apache.zookeeper.data.ACL(org.apache.zookeeper.ZooDefs.Perms.ALL,
            ZK_DIGEST.tandemIds().get(0)));
    hms.call("create database", rpc -> {
      rpc.create_database(new Database("sales", null, dir.resolve("warehouse/sales.db").toUri().toString(), null));
      return null;
    });
    hms.call("create table", rpc -> {
      rpc.create_table(table("orders"));
      return null;
    });

    // Returns once every registered metastore (this one) has confirmed the fence.
    CompletableFuture<Void> held;
    WriterFence.Raised raised = new ZkMetastoreFence(control, PATHS)
        .raise(GROUP, FenceScope.encode(List.of(), List.of("sales.orders")), LONG);
    try {
      assertThat(children(PATHS.metastoreAcks(GROUP.value()))).containsExactly(instance);

      held = CompletableFuture.runAsync(() -> client().call("add partition", rpc -> {
        rpc.add_partition(partition("orders", "2024-01-01"));
        return null;
      }), pool);
      CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> client().call("create table", rpc -> {
        rpc.create_table(table("customers"));
        return null;
      }), pool);
      elsewhere.get(LONG.toSeconds(), TimeUnit.SECONDS);
      List<String> tables = hms.call("list tables", rpc -> rpc.get_all_tables("sales"));
      assertThat(tables).contains("customers");
      // The fenced table's change neither finishes nor takes effect while the fence is up.
      Waits.during(Duration.ofSeconds(2), () -> !held.isDone() && partitions(hms).isEmpty(),
          () -> "add_partition on the fenced sales.orders: done=" + held.isDone() + " partitions=" + partitions(hms));
    } finally {
      raised.close();
    }
    // Lowered: the held change goes through.
    held.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(partitions(hms)).containsExactly("dt=2024-01-01");
    // The confirmation went with the fence.
    Waits.until(LONG, () -> children(PATHS.metastoreAcks(GROUP.value())).isEmpty(),
        () -> "confirmations left: " + children(PATHS.metastoreAcks(GROUP.value())));
  }

  private List<String> partitions(HmsClient hms) {
    return hms.call("list partitions", rpc -> rpc.get_partition_names("sales", "orders", (short) -1));
  }

  private boolean serving() {
    assertThat(metastore.isAlive()).as("Hive 3.1.3 metastore process alive\n%s", logTail()).isTrue();
    try (HmsClient c = HmsClient.connect(uri, 2_000)) {
      c.call("get databases", rpc -> rpc.get_all_databases());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private HmsClient client() {
    HmsClient c = HmsClient.connect(uri, 120_000);
    clients.add(c);
    return c;
  }

  private List<String> children(String path) {
    try {
      return control.checkExists().forPath(path) == null ? List.of() : control.getChildren().forPath(path);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Table table(String name) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(List.of(new FieldSchema("id", "bigint", null)));
    sd.setLocation(dir.resolve("warehouse/sales.db/" + name).toUri().toString());
    sd.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    sd.setSerdeInfo(new SerDeInfo(name, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of()));
    Table t = new Table();
    t.setDbName("sales");
    t.setTableName(name);
    t.setOwner("tandem");
    t.setTableType("EXTERNAL_TABLE");
    t.setParameters(new LinkedHashMap<>(Map.of("EXTERNAL", "TRUE")));
    t.setSd(sd);
    t.setPartitionKeys(List.of(new FieldSchema("dt", "string", null)));
    return t;
  }

  private Partition partition(String table, String dt) {
    Table t = table(table);
    StorageDescriptor sd = t.getSd().deepCopy();
    sd.setLocation(t.getSd().getLocation() + "/dt=" + dt);
    Partition p = new Partition();
    p.setDbName("sales");
    p.setTableName(table);
    p.setValues(List.of(dt));
    p.setSd(sd);
    p.setParameters(new LinkedHashMap<>());
    return p;
  }

  /** {@code org.apache.hadoop.hive.metastore.HiveMetaStore} of Hive 3.1.3 with the listener jar, in a child JVM. */
  private Process startHive313Metastore(int port) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Map<String, String> site = new LinkedHashMap<>();
    site.put("javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + dir.resolve("metastore_db").toAbsolutePath() + ";create=true");
    site.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
    site.put("datanucleus.schema.autoCreateAll", "true");
    site.put("hive.metastore.schema.verification", "false");
    site.put("metastore.warehouse.dir", dir.resolve("warehouse").toUri().toString());
    site.put("metastore.event.db.notification.api.auth", "false");
    // A standalone metastore has no hive-exec, whose expression proxy is Hive 3.1's default.
    site.put("metastore.expression.proxy", "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy");
    // Likewise its default background tasks name hive-exec's DumpDirCleanerTask: only the metastore's own here.
    site.put("metastore.task.threads.always", "org.apache.hadoop.hive.metastore.events.EventCleanerTask");
    // As the README tells an operator to configure a production metastore.
    site.put("metastore.pre.event.listeners", "dev.tandem.hive.TandemFenceListener");
    site.put("metastore.end.function.listeners", "dev.tandem.hive.TandemFenceListener$Release");
    site.put("tandem.registry.connect", zk.getConnectString());
    site.put("tandem.registry.root", "/tandem");
    site.put("tandem.fence.wait.ms", "120000");
    site.put("tandem.zookeeper.auth", "digest");
    site.put("tandem.zookeeper.digest.user", "tandem");
    site.put("tandem.zookeeper.digest.secret", ZK_SECRET);
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    site.forEach((k, v) -> xml.append("  <property><name>").append(k).append("</name><value>").append(v)
        .append("</value></property>\n"));
    xml.append("</configuration>\n");
    Files.writeString(conf.resolve("metastore-site.xml"), xml.toString());
    Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
        "status = warn", "appender.console.type = Console", "appender.console.name = console",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d %p %c{1}: %m%n",
        "rootLogger.level = info", "rootLogger.appenderRef.console.ref = console", ""));

    File listener = new File(required("tandem.metastore.listener.jar"));
    File classpathFile = new File(required("tandem.hive3.classpath"));
    assertThat(listener).as("the listener's deployable jar (mvn -pl metastore-listener -am install)").isFile();
    assertThat(classpathFile).as("the Hive 3.1.3 metastore class path (mvn -pl metastore-listener -am install)")
        .isFile();
    String hive3 = Files.readString(classpathFile.toPath()).trim();
    assertThat(hive3).contains("hive-standalone-metastore-3.1.3.jar").contains("curator-framework-2.12.0.jar")
        .contains("zookeeper-3.4.9.jar");
    String classpath = conf + File.pathSeparator + listener.getAbsolutePath() + File.pathSeparator + hive3;

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Hive 3.1 was written for Java 8; on 17 its metastore needs these (the same as the tests' own JVM gets).
    for (String opened : List.of("java.lang", "java.util", "java.net", "java.nio", "sun.nio.ch", "java.lang.reflect",
        "java.io", "java.util.concurrent", "java.util.regex", "java.sql", "java.text", "java.security")) {
      command.add("--add-opens");
      command.add("java.base/" + opened + "=ALL-UNNAMED");
    }
    command.add("-Xmx512m");
    command.add("-Dderby.system.durability=test");
    command.add("-Dderby.stream.error.file=" + dir.resolve("derby.log"));
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties"));
    command.add("-cp");
    command.add(classpath);
    command.add("org.apache.hadoop.hive.metastore.HiveMetaStore");
    command.add("-p");
    command.add(Integer.toString(port));
    log = dir.resolve("metastore.log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("HIVE_CONF_DIR");
    pb.environment().remove("METASTORE_HOME");
    pb.environment().remove("HADOOP_CONF_DIR");
    return pb.start();
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    assertThat(v).as("system property %s (set by the plugin's pom)", property).isNotBlank();
    return v;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no metastore log: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
