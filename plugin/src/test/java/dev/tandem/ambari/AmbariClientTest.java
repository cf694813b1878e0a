package dev.tandem.ambari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.fake.FakeAmbari;
import dev.tandem.http.RemoteServiceException;
import dev.tandem.http.RestEndpoint;
import dev.tandem.model.ClusterSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Ambari client against the fake Ambari, over real HTTP on a loopback port. */
class AmbariClientTest {
  private static final long GIB_KB = 1024L * 1024;
  private FakeAmbari fake;
  private AmbariClient client;

  @BeforeEach
  void start() {
    fake = new FakeAmbari("c1", "HDP-3.1", "secret");
    fake.addHost(new AmbariHost("m1", 8, 4, 32 * GIB_KB, List.of(
        new AmbariHost.Disk("/", "xfs", "/dev/sda1", 100 * GIB_KB, 10 * GIB_KB, 90 * GIB_KB),
        new AmbariHost.Disk("/dev/shm", "tmpfs", "tmpfs", 16 * GIB_KB, 0, 16 * GIB_KB)), "HEALTHY", "HEALTHY"));
    fake.addHost(new AmbariHost("w1", 32, 16, 128 * GIB_KB, List.of(
        new AmbariHost.Disk("/grid/0", "xfs", "/dev/sdb1", 1000 * GIB_KB, 250 * GIB_KB, 750 * GIB_KB)),
        "HEALTHY", "ALERT"));
    fake.addService("HDFS", Map.of("NAMENODE", List.of("m1"), "DATANODE", List.of("w1", "m1")));
    fake.addService("YARN", Map.of("RESOURCEMANAGER", List.of("m1")));
    fake.putConfig("capacity-scheduler", Map.of("yarn.scheduler.capacity.root.queues", "default"));
    fake.addViewInstance("FILES", "1.0.0", "AUTO_FILES_INSTANCE");
    fake.addAlert("datanode_storage", "DataNode Storage", "WARNING", "HDFS", "DATANODE", "w1", "75% used");
    fake.addAlert("namenode_cpu", "NameNode Host CPU", "OK", "HDFS", "NAMENODE", "m1", "5% used");
    fake.start();
    client = new AmbariClient(fake.endpoint());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void hostsResourcesMakeTheSitesClusterSpec() {
    assertThat(client.clusters()).containsExactly("c1");
    List<AmbariHost> hosts = client.hosts("c1");
    assertThat(hosts).extracting(AmbariHost::name).containsExactly("m1", "w1");
    assertThat(hosts.get(1).disks().get(0).sizeKb()).isEqualTo(1000 * GIB_KB);
    assertThat(hosts.get(1).hostStatus()).isEqualTo("ALERT");

    ClusterSpec spec = client.clusterSpec("c1");
    assertThat(spec.nodes()).isEqualTo(2);
    assertThat(spec.vcores()).isEqualTo(40);
    assertThat(spec.memoryMb()).isEqualTo(160 * 1024);
    // tmpfs is memory, not disk
    assertThat(spec.hdfsCapacityBytes()).isEqualTo(1100 * GIB_KB * 1024);
    assertThat(spec.hdfsUsedBytes()).isEqualTo(260 * GIB_KB * 1024);
  }

  @Test
  void serviceAndComponentStateFollowTheAgentsAndStateChanges() {
    assertThat(client.services("c1")).containsEntry("HDFS", "STARTED");
    fake.setComponentState("HDFS", "DATANODE", "w1", "INSTALLED");
    AmbariComponent dn = client.component("c1", "HDFS", "DATANODE");
    assertThat(dn).isEqualTo(new AmbariComponent("HDFS", "DATANODE", "INSTALLED", 1, 1, 2));
    assertThat(client.hostComponents("c1", "DATANODE")).containsExactlyInAnyOrder(
        new AmbariHostComponent("w1", "DATANODE", "INSTALLED"), new AmbariHostComponent("m1", "DATANODE", "STARTED"));
    assertThat(client.services("c1")).containsEntry("HDFS", "INSTALLED");

    assertThat(client.setServiceState("c1", "HDFS", "STARTED", "Start HDFS")).isPresent();
    assertThat(client.component("c1", "HDFS", "DATANODE").startedCount()).isEqualTo(2);
    assertThat(client.setServiceState("c1", "HDFS", "STARTED", "Start HDFS again")).isEmpty();
    assertThatThrownBy(() -> client.component("c1", "HDFS", "JOURNALNODE"))
        .isInstanceOf(RemoteServiceException.class).hasMessageContaining("404");
  }

  @Test
  void configurationsChangeThroughANewDesiredTag() {
    AmbariConfig cs = client.desiredConfig("c1", "capacity-scheduler").orElseThrow();
    assertThat(client.desiredConfig("c1", "hbase-site")).isEmpty();
    assertThat(cs.tag()).isEqualTo("version1");
    client.putDesiredConfig("c1", new AmbariConfig("capacity-scheduler", "tandem-2",
        Map.of("yarn.scheduler.capacity.root.queues", "default,billing")), "add billing");
    assertThat(client.cluster("c1").desiredConfigs()).containsEntry("capacity-scheduler", "tandem-2");
    assertThat(client.desiredConfig("c1", "capacity-scheduler").orElseThrow().properties())
        .containsEntry("yarn.scheduler.capacity.root.queues", "default,billing");
    // a tag names one immutable configuration
    assertThatThrownBy(() -> client.putDesiredConfig("c1", new AmbariConfig("capacity-scheduler", "tandem-2",
        Map.of()), "again"))
        .isInstanceOf(RemoteServiceException.class).hasMessageContaining("400").hasMessageContaining("exists");
    assertThat(client.refreshYarnQueues("c1")).isPositive();
    assertThat(fake.submittedRequests()).anySatisfy(r -> assertThat(r.toString()).contains("REFRESHQUEUES"));
  }

  @Test
  void usersGroupsAndPrivilegesRoundTrip() {
    client.createUser("alice", "Alice", true);
    client.createGroup("analysts");
    client.addMember("analysts", "alice");
    client.grant(AmbariPrivilege.cluster("c1", "CLUSTER.USER", "analysts", PrincipalType.GROUP));
    client.grant(AmbariPrivilege.cluster("c1", "SERVICE.OPERATOR", "alice", PrincipalType.USER));
    client.grant(AmbariPrivilege.view("FILES", "1.0.0", "AUTO_FILES_INSTANCE", "VIEW.USER", "alice",
        PrincipalType.USER));

    AmbariUser alice = client.user("alice").orElseThrow();
    assertThat(alice.active()).isTrue();
    assertThat(alice.groups()).containsExactly("analysts");
    // the user's own grants only: CLUSTER.USER comes through the group
    assertThat(alice.privileges()).extracting(AmbariPrivilege::permission, AmbariPrivilege::resource)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("SERVICE.OPERATOR", "cluster:c1"),
            org.assertj.core.groups.Tuple.tuple("VIEW.USER", "view:FILES/1.0.0/AUTO_FILES_INSTANCE"));
    AmbariGroup analysts = client.group("analysts").orElseThrow();
    assertThat(analysts.members()).containsExactly("alice");
    assertThat(analysts.privileges()).extracting(AmbariPrivilege::permission).containsExactly("CLUSTER.USER");
    assertThat(client.clusterPrivileges("c1")).hasSize(2);
    assertThat(client.user("admin").orElseThrow().privileges()).extracting(AmbariPrivilege::permission)
        .containsExactly("AMBARI.ADMINISTRATOR");

    client.revoke(alice.privileges().get(0));
    client.removeMember("analysts", "alice");
    client.setUserActive("alice", false);
    assertThat(client.user("alice").orElseThrow().privileges()).hasSize(1);
    assertThat(client.user("alice").orElseThrow().active()).isFalse();
    assertThat(client.group("analysts").orElseThrow().members()).isEmpty();
    assertThat(client.user("mallory")).isEmpty();
    assertThat(client.viewInstanceExists("FILES", "1.0.0", "NOPE")).isFalse();
    assertThatThrownBy(() -> client.createUser("alice", "again", true)).isInstanceOf(RemoteServiceException.class)
        .hasMessageContaining("409");
    // Tandem never sends a password
    assertThat(fake.http().requests()).noneSatisfy(r -> assertThat(r.body()).containsIgnoringCase("password"));
  }

  @Test
  void alertsAreFilteredByState() {
    assertThat(client.alerts("c1", Set.of("WARNING", "CRITICAL"))).extracting(AmbariAlert::definition)
        .containsExactly("datanode_storage");
    assertThat(client.alerts("c1", Set.of())).hasSize(2);
  }

  @Test
  void writesWithoutXRequestedByAndCallsWithoutCredentialsAreRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String auth = "Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(fake.uri() + "/api/v1/groups"))
        .header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString("{\"Groups\":{\"group_name\":\"sneaky\"}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(400);
    assertThat(write.body()).contains("X-Requested-By");
    assertThat(client.groups()).doesNotContain("sneaky");

    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(fake.uri() + "/api/v1/users"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    AmbariClient wrong = new AmbariClient(new RestEndpoint(fake.uri(), "admin", "guess", null));
    assertThatThrownBy(wrong::users).isInstanceOf(RemoteServiceException.class)
        .satisfies(e -> assertThat(((RemoteServiceException) e).status()).isEqualTo(401));
    assertThat(wrong.endpoint().toString()).doesNotContain("guess");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not JSON            | 200 | <html>Service Unavailable</html>                      | not JSON
      items missing       | 200 | {"href":"x"}                                          | 'items' should be an array
      user without a name | 200 | {"items":[{"Users":{}}]}                              | 'Users/user_name' should be a non-empty string
      name of wrong type  | 200 | {"items":[{"Users":{"user_name":42}}]}                | 'Users/user_name' should be a non-empty string
      truncated           | 200 | {"items":[{"Users":{"user_name":"admin"}}             | not JSON
      empty body          | 200 |                                                       | empty body
      server error        | 500 | {"status":500,"message":"Server Error"}               | answered 500
      """)
  void malformedOrPartialAnswersFailWithTheCallAndTheFieldNamed(String what, int status, String body, String says) {
    fake.failNext("GET", "/api/v1/users", status, body == null ? "" : body, 1);
    assertThatThrownBy(client::users).isInstanceOf(RemoteServiceException.class)
        .hasMessageContaining("GET " + fake.uri() + "/api/v1/users").hasMessageContaining(says);
  }
}
