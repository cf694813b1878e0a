package dev.tandem.sandbox;

import dev.tandem.ambari.AmbariClient;
import dev.tandem.ambari.AmbariHost;
import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.fake.FakeAmbari;
import dev.tandem.model.ClusterSpec;
import dev.tandem.model.Site;
import dev.tandem.ranger.RangerPolicy;
import dev.tandem.ranger.fake.FakeRanger;
import dev.tandem.userdata.UserDataSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manager side of one sandbox site: a fake Ambari (cluster named after the site) and a fake Ranger, on
 * loopback ports, seeded with a plausible cluster. The primary's managers know the service {@code billing}:
 * its users and groups, their privileges, a {@code billing} YARN queue and Ranger policies on its data; the
 * secondary's start as a freshly installed standby (an administrator, a {@code default} queue), which is what
 * applying user data on switchover has to fix.
 */
public final class SandboxManager implements AutoCloseable {
  public static final String PASSWORD = "admin";
  private static final long GIB_KB = 1024L * 1024;
  private static final long TIB_KB = 1024L * GIB_KB;

  private final Site site;
  private final FakeAmbari ambari;
  private final FakeRanger ranger;

  private SandboxManager(Site site, FakeAmbari ambari, FakeRanger ranger) {
    this.site = site;
    this.ambari = ambari;
    this.ranger = ranger;
  }

  /** @param primary seed the billing service's user data (else a bare standby) */
  public static SandboxManager start(Site site, boolean primary) {
    String name = site.id().value();
    FakeAmbari ambari = new FakeAmbari(name, "HDP-3.1", PASSWORD);
    FakeRanger ranger = new FakeRanger(PASSWORD);
    try {
      seedCluster(ambari, name, site.fileSystemUri(), primary ? 3 : 2);
      seedRanger(ranger, name, primary);
      if (primary) {
        seedBilling(ambari);
      } else {
        ambari.putConfig("capacity-scheduler", scheduler(Map.of("default", "100")));
      }
      ambari.start();
      ranger.start();
      return new SandboxManager(site, ambari, ranger);
    } catch (RuntimeException e) {
      ambari.close();
      ranger.close();
      throw e;
    }
  }

  public FakeAmbari ambari() {
    return ambari;
  }

  public FakeRanger ranger() {
    return ranger;
  }

  /** How Tandem reaches this site's user data: its Ambari, its Ranger and, when it has one, its metastore. */
  public UserDataSources sources() {
    return UserDataSources.NONE
        .withAmbari(new UserDataSources.AmbariSource(ambari.endpoint(), ambari.cluster()))
        .withRanger(new UserDataSources.RangerSource(ranger.endpoint(), "", ""))
        .withMetastore(site.metastoreUri(), java.time.Duration.ofSeconds(60));
  }

  /** The site as its manager describes it: the resources of its hosts. */
  public Site site() {
    ClusterSpec spec = new AmbariClient(ambari.endpoint()).clusterSpec(ambari.cluster());
    return new Site(site.id(), site.location(), site.fileSystemUri(), site.registryConnect(), site.metastoreUri(), spec);
  }

  @Override
  public void close() {
    ranger.close();
    ambari.close();
  }

  private static void seedCluster(FakeAmbari a, String name, String fsUri, int workers) {
    String master = name + "-master-1.sandbox";
    a.addHost(new AmbariHost(master, 16, 8, 64 * GIB_KB, List.of(
        new AmbariHost.Disk("/", "xfs", "/dev/sda1", 200 * GIB_KB, 38 * GIB_KB, 162 * GIB_KB)), "HEALTHY", "HEALTHY"));
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      String w = name + "-worker-" + i + ".sandbox";
      nodes.add(w);
      a.addHost(new AmbariHost(w, 32, 16, 128 * GIB_KB, List.of(
          new AmbariHost.Disk("/", "xfs", "/dev/sda1", 200 * GIB_KB, 21 * GIB_KB, 179 * GIB_KB),
          new AmbariHost.Disk("/grid/0", "xfs", "/dev/sdb1", 4 * TIB_KB, TIB_KB, 3 * TIB_KB),
          new AmbariHost.Disk("/grid/1", "xfs", "/dev/sdc1", 4 * TIB_KB, TIB_KB, 3 * TIB_KB),
          new AmbariHost.Disk("/dev/shm", "tmpfs", "tmpfs", 64 * GIB_KB, 0, 64 * GIB_KB)), "HEALTHY", "HEALTHY"));
    }
    a.addService("ZOOKEEPER", Map.of("ZOOKEEPER_SERVER", List.of(master)));
    a.addService("HDFS", Map.of("NAMENODE", List.of(master), "DATANODE", nodes));
    a.addService("YARN", Map.of("RESOURCEMANAGER", List.of(master), "NODEMANAGER", nodes));
    a.addService("HIVE", Map.of("HIVE_METASTORE", List.of(master), "HIVE_SERVER", List.of(master)));
    a.addService("RANGER", Map.of("RANGER_ADMIN", List.of(master)));
    a.putConfig("core-site", Map.of("fs.defaultFS", fsUri));
    a.putConfig("hdfs-site", Map.of("dfs.namenode.acls.enabled", "true", "dfs.replication", "3"));
    a.addViewInstance("FILES", "1.0.0", "AUTO_FILES_INSTANCE");
    a.addAlert("ambari_agent_disk_usage", "Host Disk Usage", "OK", "AMBARI", "AMBARI_AGENT", master,
        "Capacity Used: [19%, 38 GB], Capacity Total: [200 GB]");
    a.addAlert("datanode_storage", "DataNode Storage", "WARNING", "HDFS", "DATANODE", nodes.get(0),
        "Remaining Capacity:[3 TB], Total Capacity:[75% Used, 8 TB]");
  }

  private static void seedBilling(FakeAmbari a) {
    a.addUser("alice", "Alice (analyst)", "LDAP", true);
    a.addUser("bob", "Bob (billing operations)", "LOCAL", true);
    a.addUser("etl", "billing ETL", "LOCAL", true);
    a.addGroup("analysts", "LDAP", "alice");
    a.addGroup("billing-ops", "LOCAL", "bob", "etl");
    a.grant(AmbariPrivilege.cluster(a.cluster(), "CLUSTER.USER", "analysts", PrincipalType.GROUP));
    a.grant(AmbariPrivilege.cluster(a.cluster(), "CLUSTER.OPERATOR", "billing-ops", PrincipalType.GROUP));
    a.grant(AmbariPrivilege.cluster(a.cluster(), "SERVICE.OPERATOR", "etl", PrincipalType.USER));
    a.grant(AmbariPrivilege.view("FILES", "1.0.0", "AUTO_FILES_INSTANCE", "VIEW.USER", "analysts",
        PrincipalType.GROUP));
    Map<String, String> queues = new LinkedHashMap<>();
    queues.put("default", "60");
    queues.put("billing", "40");
    Map<String, String> cs = scheduler(queues);
    cs.put("yarn.scheduler.capacity.root.billing.maximum-capacity", "60");
    cs.put("yarn.scheduler.capacity.root.billing.user-limit-factor", "2");
    cs.put("yarn.scheduler.capacity.root.billing.acl_submit_applications", "etl,bob billing-ops");
    cs.put("yarn.scheduler.capacity.root.billing.acl_administer_queue", "bob");
    a.putConfig("capacity-scheduler", cs);
  }

  /** A capacity scheduler with the given queues under root (name → capacity), each open to everyone. */
  static Map<String, String> scheduler(Map<String, String> queues) {
    Map<String, String> cs = new LinkedHashMap<>();
    String p = "yarn.scheduler.capacity.";
    cs.put(p + "maximum-applications", "10000");
    cs.put(p + "maximum-am-resource-percent", "0.2");
    cs.put(p + "resource-calculator", "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
    cs.put(p + "root.queues", String.join(",", queues.keySet()));
    cs.put(p + "root.capacity", "100");
    cs.put(p + "root.acl_administer_queue", "yarn");
    queues.forEach((q, capacity) -> {
      cs.put(p + "root." + q + ".capacity", capacity);
      cs.put(p + "root." + q + ".maximum-capacity", "100");
      cs.put(p + "root." + q + ".state", "RUNNING");
      cs.put(p + "root." + q + ".user-limit-factor", "1");
      cs.put(p + "root." + q + ".acl_submit_applications", "*");
    });
    return cs;
  }

  private static void seedRanger(FakeRanger r, String name, boolean primary) {
    String hdfs = name + "_hadoop";
    String hive = name + "_hive";
    r.addService(hdfs, "hdfs");
    r.addService(hive, "hive");
    r.addPolicy(new RangerPolicy(0, "all - path", hdfs, "Policy for all - path", true, true, 0, Map.of(
        "path", new RangerPolicy.Resource(List.of("/*"), false, true)), List.of(item(List.of("hdfs"), List.of(),
        "read", "write", "execute")), List.of(), List.of(), List.of(), List.of()));
    if (primary) {
      r.addPolicy(new RangerPolicy(0, "billing-data", hdfs, "The billing service's files", true, true, 0, Map.of(
          "path", new RangerPolicy.Resource(List.of(SandboxData.PROTECTED), false, true)), List.of(
          item(List.of(), List.of("analysts"), "read", "execute"),
          item(List.of("etl"), List.of(), "read", "write", "execute")), List.of(), List.of(), List.of(), List.of()));
      r.addPolicy(new RangerPolicy(0, "billing-tables", hive, "The billing service's tables", true, true, 0, Map.of(
          "database", new RangerPolicy.Resource(List.of("billing"), false, false),
          "table", new RangerPolicy.Resource(List.of("*"), false, false),
          "column", new RangerPolicy.Resource(List.of("*"), false, false)), List.of(
          item(List.of(), List.of("analysts"), "select")), List.of(), List.of(), List.of(), List.of()));
    }
  }

  private static RangerPolicy.Item item(List<String> users, List<String> groups, String... accesses) {
    return new RangerPolicy.Item(java.util.Arrays.stream(accesses).map(a -> new RangerPolicy.Access(a, true)).toList(),
        users, groups, List.of(), List.of(), false);
  }
}
