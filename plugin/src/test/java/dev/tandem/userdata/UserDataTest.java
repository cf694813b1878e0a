package dev.tandem.userdata;

import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ambari.AmbariClient;
import dev.tandem.ambari.AmbariPrivilege;
import dev.tandem.ambari.AmbariPrivilege.PrincipalType;
import dev.tandem.ambari.fake.FakeAmbari;
import dev.tandem.http.LocalHttpServer;
import dev.tandem.model.AccessSource;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.CutId;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.model.UserDataChange;
import dev.tandem.ranger.RangerClient;
import dev.tandem.ranger.RangerPolicy;
import dev.tandem.ranger.fake.FakeRanger;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxManager;
import dev.tandem.testing.FailingInterceptor.When;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * User data in the cut, end to end on two real sites: real HDFS ACLs on MiniDFSClusters, and the Ambari and
 * Ranger REST APIs of each site served by the sandbox's fakes over HTTP.
 */
class UserDataTest extends SandboxTest {
  private static final String P = "yarn.scheduler.capacity.";

  @AfterEach
  void reset() {
    FAILURES.disarm();
    for (var site : List.of(sandbox.primary(), sandbox.secondary())) {
      sandbox.manager(site).ambari().http().clearFailures();
      sandbox.manager(site).ranger().http().clearFailures();
      sandbox.connections().userDataSources(site.id(), sandbox.manager(site).sources());
    }
  }

  private static UserDataService west() {
    return sandbox.connections().userData(sandbox.site(sandbox.secondary()));
  }

  private static FakeAmbari ambari(boolean primary) {
    return sandbox.manager(primary ? sandbox.primary() : sandbox.secondary()).ambari();
  }

  private static FakeRanger ranger(boolean primary) {
    return sandbox.manager(primary ? sandbox.primary() : sandbox.secondary()).ranger();
  }

  /** A capacity scheduler with these queues under root (name → capacity). */
  private static Map<String, String> queues(String... nameCapacity) {
    Map<String, String> cs = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < nameCapacity.length; i += 2) {
      names.add(nameCapacity[i]);
      cs.put(P + "root." + nameCapacity[i] + ".capacity", nameCapacity[i + 1]);
      cs.put(P + "root." + nameCapacity[i] + ".acl_submit_applications", "*");
    }
    cs.put(P + "root.queues", String.join(",", names));
    return cs;
  }

  private static RangerPolicy pathPolicy(String name, String service, String path, String group, String... access) {
    return new RangerPolicy(0, name, service, "", true, true, 0,
        Map.of("path", new RangerPolicy.Resource(List.of(path), false, true)),
        List.of(new RangerPolicy.Item(Stream.of(access).map(a -> new RangerPolicy.Access(a, true)).toList(),
            List.of(), List.of(group), List.of(), List.of(), false)), List.of(), List.of(), List.of(), List.of());
  }

  static List<String> diffLines(UserDataDiff d) {
    List<String> out = new ArrayList<>();
    d.principals().forEach(c -> {
      c.gained().forEach(g -> out.add(c.principal() + " gained " + g));
      c.lost().forEach(g -> out.add(c.principal() + " lost " + g));
    });
    return out;
  }

  @Test
  void theSitesClusterInformationComesFromTheirManagers() {
    var east = cp().site(SiteId.of(Sandbox.PRIMARY)).spec();
    assertThat(east.nodes()).isEqualTo(4);
    assertThat(east.vcores()).isEqualTo(16 + 3 * 32);
    assertThat(east.memoryMb()).isEqualTo((64 + 3 * 128) * 1024);
    assertThat(cp().site(SiteId.of(Sandbox.SECONDARY)).spec().nodes()).isEqualTo(3);
  }

  @Test
  void everyRunKeepsItsCutsUserDataOnTheSecondaryAndTheDiffSaysWhoGainedOrLostWhat() throws Exception {
    String root = "/ud-diff";
    write(primaryFs(), root + "/events/day=1/a", "a");
    write(primaryFs(), root + "/reports/r", "r");
    primaryFs().modifyAclEntries(new Path(root + "/events"), AclEntry.parseAclSpec("user:alice:r-x", true));
    ranger(true).addPolicy(pathPolicy("ud-diff-events", "east_hadoop", root + "/events", "analysts", "read"));
    Map<String, String> cs = queues("default", "50", "billing", "40", "ud-diff", "10");
    cs.put(P + "root.ud-diff.acl_submit_applications", "etl");
    ambari(true).putConfig("capacity-scheduler", cs);
    primaryFs().mkdirs(new Path(root));
    primaryFs().allowSnapshot(new Path(root));
    cp().putGroup(group("ud-diff", 5, root + "/events", root + "/reports"));

    Run first = runOk("ud-diff");
    assertThat(first.steps()).anySatisfy(s -> assertThat(s.step()).isEqualTo(RunStep.USER_DATA));
    assertThat(first.report().notes()).anySatisfy(n -> assertThat(n).startsWith("User data of cut " + first.cut()));
    String stored = "/tandem/userdata/ud-diff/" + first.cut() + ".json";
    assertThat(secondaryFs().exists(new Path(stored))).isTrue();
    assertThat(Trees.read(secondaryFs(), stored)).doesNotContainIgnoringCase("password");
    assertThat(west().versions(GroupName.of("ud-diff"))).containsExactly(first.cut());

    UserDataRecord r = west().lastGood(GroupName.of("ud-diff")).orElseThrow();
    assertThat(r.site()).isEqualTo(SiteId.of(Sandbox.PRIMARY));
    assertThat(r.sources()).filteredOn(SourceStatus::captured).extracting(SourceStatus::source)
        .containsExactlyInAnyOrder(AccessSource.MANAGER, AccessSource.YARN, AccessSource.HDFS, AccessSource.RANGER);
    assertThat(r.manager().users()).extracting(ManagerAccounts.User::name).contains("admin", "alice", "bob", "etl");
    assertThat(r.hdfs().paths()).extracting(PathAccess::path)
        .containsExactly(root + "/events", root + "/events/day=1", root + "/reports");
    assertThat(r.hdfs().paths().get(0).acl()).containsExactly("user:alice:r-x", "group::r-x");
    assertThat(r.ranger().policies()).extracting(x -> x.policy().name() + (x.owned() ? " owned" : " touches"))
        .containsExactlyInAnyOrder("all - path touches", "ud-diff-events owned");
    assertThat(r.tenants().tenants()).extracting(Tenants.Tenant::queue).containsExactly("root.ud-diff");

    // the service's user data changes on the primary
    primaryFs().removeAclEntries(new Path(root + "/events"), AclEntry.parseAclSpec("user:alice", false));
    primaryFs().modifyAclEntries(new Path(root + "/reports"), AclEntry.parseAclSpec("group:analysts:rwx", true));
    AmbariClient east = new AmbariClient(ambari(true).endpoint());
    east.grant(AmbariPrivilege.cluster("east", "CLUSTER.USER", "bob", PrincipalType.USER));
    east.removeMember("billing-ops", "etl");
    RangerClient eastRanger = new RangerClient(ranger(true).endpoint());
    RangerPolicy events = eastRanger.policy("east_hadoop", "ud-diff-events").orElseThrow();
    eastRanger.update(pathPolicy("ud-diff-events", "east_hadoop", root + "/events", "auditors", "read")
        .in("east_hadoop", events.id()));
    cs.put(P + "root.ud-diff.capacity", "20");
    cs.put(P + "root.default.capacity", "40");
    ambari(true).putConfig("capacity-scheduler", cs);

    Run second = runOk("ud-diff");
    assertThat(west().lastGood(GroupName.of("ud-diff")).orElseThrow().sources())
        .filteredOn(st -> st.source() == AccessSource.HDFS).singleElement()
        .satisfies(st -> assertThat(st.detail()).endsWith("directories (those of cut " + first.cut()
            + " brought forward through the snapshot diff)"));
    assertThat(west().versions(GroupName.of("ud-diff"))).containsExactly(first.cut(), second.cut());
    UserDataDiff diff = west().diff(GroupName.of("ud-diff"), first.cut(), second.cut());
    assertThat(diffLines(diff)).contains(
        "user:alice lost HDFS " + root + "/events: acl r-x",
        "group:analysts gained HDFS " + root + "/reports: acl rwx",
        "user:bob gained MANAGER cluster:east: CLUSTER.USER",
        "user:etl lost MANAGER group billing-ops: member",
        "group:analysts lost RANGER hdfs policy ud-diff-events: allow read",
        "group:auditors gained RANGER hdfs policy ud-diff-events: allow read");
    assertThat(diff.resources()).contains(
        new UserDataDiff.ResourceChange(AccessSource.YARN, "root.ud-diff.capacity", "10", "20"),
        new UserDataDiff.ResourceChange(AccessSource.YARN, "root.default.capacity", "50", "40"));

    east.addMember("billing-ops", "etl");
  }

  @Test
  void applyConvergesTheSecondarySourceBySourceAndASecondApplyChangesNothing() throws Exception {
    String root = "/ud-apply";
    write(primaryFs(), root + "/data/sub/f", "f");
    write(primaryFs(), root + "/data/old/g", "g");
    primaryFs().modifyAclEntries(new Path(root + "/data/sub"), AclEntry.parseAclSpec("user:alice:r-x,"
        + "default:group:analysts:r-x", true));
    ranger(true).addPolicy(pathPolicy("ud-apply-data", "east_hadoop", root + "/data", "analysts", "read", "execute"));
    ranger(false).addPolicy(pathPolicy("ud-apply-stale", "west_hadoop", root + "/data/old", "nobody", "write"));
    ranger(false).addPolicy(pathPolicy("elsewhere", "west_hadoop", "/elsewhere", "ops", "read"));
    Map<String, String> eastQueues = queues("default", "50", "billing", "40", "ud-apply", "10");
    eastQueues.put(P + "root.ud-apply.acl_submit_applications", "bob analysts");
    ambari(true).putConfig("capacity-scheduler", eastQueues);
    ambari(false).putConfig("capacity-scheduler", queues("default", "100"));
    ambari(true).addUser("ud-apply-user", "new to the service", "LOCAL", true);
    cp().putGroup(group("ud-apply", 5, root + "/data"));
    Run run = runOk("ud-apply");
    GroupName g = GroupName.of("ud-apply");
    CutId cut = run.cut();

    // the standby drifted since
    secondaryFs().removeAcl(new Path(root + "/data/sub"));
    secondaryFs().setPermission(new Path(root + "/data"), new FsPermission((short) 0777));

    for (var site : List.of(sandbox.secondary())) {
      sandbox.manager(site).ambari().http().clearRequests();
      sandbox.manager(site).ranger().http().clearRequests();
    }
    UserDataApplyReport dry = west().apply(g, cut, ApplyMode.DRY_RUN);
    assertThat(dry.changes()).extracting(UserDataChange::toString).contains(
        "RANGER CREATE hdfs policy ud-apply-data: in service west_hadoop",
        "RANGER DELETE hdfs policy ud-apply-stale: in service west_hadoop; the cut has no such policy on the "
            + "group's scope");
    assertThat(dry.changes()).anySatisfy(c -> assertThat(c.toString()).startsWith("HDFS UPDATE " + root
        + "/data/sub: ACL []"));
    assertThat(ambari(false).http().requests()).allSatisfy(req -> assertThat(req.method()).isEqualTo("GET"));
    assertThat(ranger(false).http().requests()).allSatisfy(req -> assertThat(req.method()).isEqualTo("GET"));
    assertThat(secondaryFs().getAclStatus(new Path(root + "/data/sub")).getEntries()).isEmpty();

    String westTag = ambari(false).desiredTag("capacity-scheduler");
    UserDataApplyReport first = west().apply(g, cut, ApplyMode.APPLY);
    assertThat(first.changes()).containsAll(dry.changes().stream().filter(c -> c.source() != AccessSource.YARN)
        .toList());
    // YARN alone fails: west lacks the tenant's sibling 'billing', so capacities would not add up
    assertThat(first.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("YARN:")
        .contains("add up to 60.0%"));
    assertThat(ambari(false).desiredTag("capacity-scheduler")).isEqualTo(westTag);
    // manager: users (without passwords), groups, privileges on west's own cluster
    assertThat(ambari(false).userNames()).contains("alice", "bob", "etl");
    assertThat(ambari(false).members("billing-ops")).contains("bob", "etl");
    assertThat(ambari(false).privileges()).extracting(AmbariPrivilege::principalName, AmbariPrivilege::resource,
        AmbariPrivilege::permission).contains(
            org.assertj.core.groups.Tuple.tuple("analysts", "cluster:west", "CLUSTER.USER"),
            org.assertj.core.groups.Tuple.tuple("admin", "ambari", "AMBARI.ADMINISTRATOR"));
    assertThat(first.changes()).extracting(UserDataChange::toString)
        .contains("MANAGER CREATE user ud-apply-user: active, no password");
    assertThat(first.operatorActions()).anySatisfy(a -> assertThat(a).startsWith("User ud-apply-user (LOCAL) has no "
        + "password on the Ambari of west"));
    assertThat(ambari(false).http().requests()).noneSatisfy(req -> assertThat(req.body())
        .containsIgnoringCase("password"));
    // HDFS: the cut's ACL and permission, as east's snapshot has them
    String snap = root + "/data/.snapshot/" + cut.snapshotName(g);
    assertThat(secondaryFs().getAclStatus(new Path(root + "/data/sub")).getEntries())
        .isEqualTo(primaryFs().getAclStatus(new Path(snap + "/sub")).getEntries()).isNotEmpty();
    assertThat(secondaryFs().getFileStatus(new Path(root + "/data")).getPermission())
        .isEqualTo(primaryFs().getFileStatus(new Path(snap)).getPermission());
    // Ranger: the group's policy created, the stale one deleted, others untouched
    assertThat(ranger(false).policies("west_hadoop")).extracting(RangerPolicy::name)
        .containsExactlyInAnyOrder("all - path", "ud-apply-data", "elsewhere");
    assertThat(ranger(false).policies("west_hadoop")).filteredOn(p -> p.name().equals("ud-apply-data"))
        .singleElement().satisfies(p -> assertThat(p.sameContent(ranger(true).policies("east_hadoop").stream()
            .filter(e -> e.name().equals("ud-apply-data")).findFirst().orElseThrow())).isTrue());

    // the operator gives west the sibling queue; the next apply converges YARN too, and only YARN
    ambari(false).putConfig("capacity-scheduler", queues("default", "60", "billing", "40"));
    UserDataApplyReport second = west().apply(g, cut, ApplyMode.APPLY);
    assertThat(second.problems()).isEmpty();
    assertThat(second.changes()).isNotEmpty().allSatisfy(c -> assertThat(c.source()).isEqualTo(AccessSource.YARN));
    assertThat(ambari(false).config("capacity-scheduler")).containsEntry(P + "root.queues", "default,billing,ud-apply")
        .containsEntry(P + "root.ud-apply.capacity", "10").containsEntry(P + "root.default.capacity", "50")
        .containsEntry(P + "root.ud-apply.acl_submit_applications", "bob analysts");
    assertThat(ambari(false).submittedRequests()).anySatisfy(req -> assertThat(req.toString())
        .contains("REFRESHQUEUES"));

    UserDataApplyReport third = west().apply(g, cut, ApplyMode.APPLY);
    assertThat(third.changes()).isEmpty();
    assertThat(third.problems()).isEmpty();
  }

  static Stream<Arguments> badAnswers() {
    String users = "/api/v1/users";
    return Stream.of(
        Arguments.of("Ambari users not JSON", true, users, 200, "<html>Service Unavailable</html>", "not JSON"),
        Arguments.of("Ambari user without its name", true, users + "/bob", 200,
            "{\"Users\":{\"active\":true},\"privileges\":[]}", "'Users/user_name' should be a non-empty string"),
        Arguments.of("Ambari lists a user it cannot show", true, users + "/bob", 404,
            "{\"status\":404,\"message\":\"gone\"}", "/users lists user bob but /users/bob does not exist"),
        Arguments.of("Ambari group member unknown", true, "/api/v1/groups/billing-ops/members", 200,
            "{\"items\":[{\"MemberInfo\":{\"user_name\":\"mallory\",\"group_name\":\"billing-ops\"}}]}",
            "lists member mallory, a user /users does not list"),
        Arguments.of("Ambari privilege without permission", true, users + "/etl", 200,
            "{\"Users\":{\"user_name\":\"etl\",\"active\":true},\"privileges\":[{\"PrivilegeInfo\":{\"principal_name\":"
                + "\"etl\",\"principal_type\":\"USER\",\"type\":\"CLUSTER\",\"cluster_name\":\"east\","
                + "\"privilege_id\":9}}]}", "'permission_name' should be a non-empty string"),
        Arguments.of("capacity scheduler without queues", true, "/api/v1/clusters/east/configurations", 200,
            "{\"items\":[{\"type\":\"capacity-scheduler\",\"tag\":\"version1\",\"properties\":"
                + "{\"yarn.scheduler.capacity.maximum-applications\":\"10000\"}}]}", "root.queues"),
        Arguments.of("Ambari server error", true, "/api/v1/groups", 500,
            "{\"status\":500,\"message\":\"Server Error\"}", "answered 500"),
        Arguments.of("Ambari cluster truncated", true, "/api/v1/clusters/east", 200,
            "{\"Clusters\":{\"cluster_name\":\"east\",\"desired_configs\":{", "not JSON"),
        Arguments.of("Ranger policy without resources", false, "/service/public/v2/api/service/east_hadoop/policy",
            200, "[{\"id\":1,\"name\":\"x\",\"service\":\"east_hadoop\",\"policyItems\":[]}]",
            "'resources' should be an object"),
        Arguments.of("Ranger unavailable", false, "/service/public/v2/api/service", 503,
            "{\"statusCode\":1,\"msgDesc\":\"down\"}", "answered 503"));
  }

  private static Run badBaseline;

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAnswers")
  void aMalformedOrPartialAnswerFailsTheStepAndKeepsThePreviousVersion(String what, boolean ambariAnswers,
      String path, int status, String body, String says) throws Exception {
    GroupName g = GroupName.of("ud-bad");
    if (badBaseline == null) {
      write(primaryFs(), "/ud-bad/data/f", "f");
      cp().putGroup(group("ud-bad", 5, "/ud-bad/data"));
      badBaseline = runOk("ud-bad");
    }
    LocalHttpServer source = ambariAnswers ? ambari(true).http() : ranger(true).http();
    source.failNext("GET", path, status, body, 1);
    Run failed = cp().runNow(g);

    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    var last = failed.steps().get(failed.steps().size() - 1);
    assertThat(last.step()).isEqualTo(RunStep.USER_DATA);
    assertThat(last.ok()).isFalse();
    assertThat(failed.error()).startsWith("Cannot capture " + (ambariAnswers ? "" : "RANGER")).contains(says);
    assertThat(secondaryRegistry().lastGoodCut(g)).contains(badBaseline.cut());
    assertThat(primaryRegistry().lastGoodCut(g)).contains(badBaseline.cut());
    assertThat(west().versions(g)).containsExactly(badBaseline.cut());
    assertThat(west().lastGood(g).orElseThrow().cut()).isEqualTo(badBaseline.cut());
  }

  @Test
  void aCrashAfterTheBackupLeavesAnUncommittedVersionThatTheNextRunDrops() throws Exception {
    GroupName g = GroupName.of("ud-crash");
    write(primaryFs(), "/ud-crash/data/f", "1");
    cp().putGroup(group("ud-crash", 5, "/ud-crash/data"));
    Run first = runOk("ud-crash");
    write(primaryFs(), "/ud-crash/data/f", "2");
    FAILURES.failNext(RunStep.USER_DATA, When.AFTER, 1);
    Run crashed = cp().runNow(g);
    assertThat(crashed.state()).isEqualTo(RunState.FAILED);
    assertThat(west().versions(g)).containsExactly(first.cut(), crashed.cut());
    assertThat(west().lastGood(g).orElseThrow().cut()).isEqualTo(first.cut());

    Run next = runOk("ud-crash");
    assertThat(west().versions(g)).containsExactly(first.cut(), next.cut());
    assertThat(next.report().notes()).anySatisfy(n -> assertThat(n).contains("dropped the versions of cuts ["
        + crashed.cut() + "]"));
  }

  /**
   * The record of a cut brought forward through the snapshot diff equals what a fresh walk of the next cut's
   * snapshot reads, in the same order, through every kind of change a directory tree goes through: permission,
   * owner and ACL changes, created, deleted, replaced and renamed subtrees, changes inside a renamed directory,
   * files created, appended and renamed, and changes outside the group's scope.
   */
  @Test
  void directoryPermissionsBroughtForwardThroughTheSnapshotDiffEqualAFreshRead() throws Exception {
    String root = "/ud-forward";
    var fs = primaryFs();
    for (String d : List.of("p/a/b", "p/c", "p/d/1/x", "p/d/2", "p/f/1", "p/g/1", "q/r", "other/o")) {
      fs.mkdirs(new Path(root + "/" + d));
    }
    write(fs, root + "/p/a/file", "1");
    fs.allowSnapshot(new Path(root));
    GroupName g = GroupName.of("ud-forward");
    var scope = List.of(new dev.tandem.model.SnapshotRoot(root, List.of("p", "q")));
    var snapshots = new dev.tandem.hdfs.HdfsSnapshotStore(fs);
    java.util.function.IntFunction<dev.tandem.model.Cut> cutAt = i -> new dev.tandem.model.Cut(
        CutId.at(java.time.Instant.parse("2026-12-08T00:00:00Z").plusSeconds(i)), g,
        java.time.Instant.EPOCH, scope, java.time.Duration.ZERO, 0);
    fs.createSnapshot(new Path(root), cutAt.apply(0).snapshotName());
    HdfsAccess before = HdfsPermissions.capture(fs, cutAt.apply(0), 1000);

    List<ThrowingRunnable> rounds = List.of(() -> {
      fs.setPermission(new Path(root + "/p/a/b"), new FsPermission((short) 0700));
      fs.setOwner(new Path(root + "/p/a"), "etl", "billing");
      fs.modifyAclEntries(new Path(root + "/p/c"), AclEntry.parseAclSpec("user:alice:r-x,default:group::r-x", true));
      fs.mkdirs(new Path(root + "/p/new/x/y"));
      fs.rename(new Path(root + "/p/d"), new Path(root + "/p/e"));
      fs.setPermission(new Path(root + "/p/e/1"), new FsPermission((short) 0750));
      fs.mkdirs(new Path(root + "/p/e/3"));
      fs.delete(new Path(root + "/p/f"), true);
      fs.delete(new Path(root + "/p/g"), true);
      fs.mkdirs(new Path(root + "/p/g"), new FsPermission((short) 0711));
      write(fs, root + "/p/a/another", "2");
      try (var out = fs.append(new Path(root + "/p/a/file"))) {
        out.write('x');
      }
      fs.setPermission(new Path(root + "/other/o"), new FsPermission((short) 0700));
      fs.mkdirs(new Path(root + "/other/more"));
    }, () -> {
      fs.rename(new Path(root + "/p/e/2"), new Path(root + "/p/a/moved"));
      fs.rename(new Path(root + "/p/e"), new Path(root + "/q/e"));
      fs.setPermission(new Path(root + "/q/e/1/x"), new FsPermission((short) 0701));
      fs.rename(new Path(root + "/p/a/file"), new Path(root + "/p/c/file"));
      fs.removeAcl(new Path(root + "/p/c"));
      fs.rename(new Path(root + "/q/r"), new Path(root + "/other/r"));
      fs.rename(new Path(root + "/other/o"), new Path(root + "/p/o"));
      fs.delete(new Path(root + "/p/new/x"), true);
    }, () -> {
      fs.setOwner(new Path(root + "/q"), "etl", "billing");
      fs.rename(new Path(root + "/p/a"), new Path(root + "/p/a2"));
      fs.rename(new Path(root + "/p/a2/b"), new Path(root + "/p/b2"));
      fs.mkdirs(new Path(root + "/p/a"), new FsPermission((short) 0755));
    });
    for (int i = 1; i <= rounds.size(); i++) {
      rounds.get(i - 1).run();
      dev.tandem.model.Cut base = cutAt.apply(i - 1);
      dev.tandem.model.Cut next = cutAt.apply(i);
      fs.createSnapshot(new Path(root), next.snapshotName());
      var diff = snapshots.diff(root, base.snapshotName(), next.snapshotName())
          .within(dev.tandem.engine.Scope.of(scope.get(0)));
      var changes = new dev.tandem.engine.CutChanges(base, Map.of(root, diff));
      HdfsAccess fresh = HdfsPermissions.capture(fs, next, 1000);
      assertThat(HdfsAccessUpdate.bringForward(fs, next, 1000, before, changes)).as("round %d", i).contains(fresh);
      assertThat(fresh.paths()).isNotEqualTo(before.paths());
      // a record that would outgrow the limit, or was cut short by it, is read whole again
      assertThat(HdfsAccessUpdate.bringForward(fs, next, fresh.paths().size() - 1, before, changes)).isEmpty();
      assertThat(HdfsAccessUpdate.bringForward(fs, next, 1000, new HdfsAccess(before.paths(), true), changes))
          .isEmpty();
      before = fresh;
    }
    assertThat(before.paths()).extracting(PathAccess::path).contains(root + "/q/e/1/x", root + "/p/a2/moved",
        root + "/p/o", root + "/p/b2").doesNotContain(root + "/other/r", root + "/p/new/x");
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
