package dev.tandem.engine;

import static dev.tandem.testing.Trees.append;
import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.CopyMethod;
import dev.tandem.model.CopyMode;
import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Full then incremental replication on two real MiniDFSClusters, with both copy methods. */
class ReplicationTest extends SandboxTest {

  @AfterEach
  void defaultLimits() {
    FAILURES.disarm();
    sandbox.connections().directCopyLimits(DirectCopyLimits.DEFAULT);
  }

  /**
   * <pre>
   * /rep-M/events            (made snapshottable by Tandem)
   *   a.txt  b.txt  big.bin (3 MiB: 3 blocks on east, 2 on west)
   *   sub/c.txt
   *   old/d.txt
   * </pre>
   * then: add new.txt and newdir/x.txt, delete b.txt, rename a.txt→a2.txt and old→old2 while appending to
   * old2/d.txt, chmod sub/c.txt, an ACL on sub, chown new.txt, rewrite big.bin in place.
   */
  @ParameterizedTest
  @EnumSource(value = CopyMethod.class, names = {"DIRECT", "DISTCP"})
  void fullThenIncrementalWithEveryKindOfChange(CopyMethod method) throws Exception {
    sandbox.connections().directCopyLimits(method == CopyMethod.DIRECT ? DirectCopyLimits.ALWAYS
        : DirectCopyLimits.NEVER);
    String name = "rep-" + method.name().toLowerCase();
    String root = "/" + name + "/events";
    var fs = primaryFs();
    write(fs, root + "/a.txt", "alpha");
    write(fs, root + "/b.txt", "beta");
    write(fs, root + "/sub/c.txt", "gamma");
    write(fs, root + "/old/d.txt", "delta");
    byte[] big = new byte[3 * 1024 * 1024];
    new Random(1).nextBytes(big);
    write(fs, root + "/big.bin", big);
    cp().putGroup(group(name, 5, root));

    Run full = runOk(name);
    assertThat(full.report().mode()).isEqualTo(CopyMode.FULL);
    assertThat(full.report().method()).isEqualTo(method);
    assertThat(full.report().filesCopied()).isEqualTo(5);
    assertThat(full.report().verification().checksumsCompared()).isEqualTo(5);
    assertReplicated(root, full);

    write(fs, root + "/new.txt", "new");
    write(fs, root + "/newdir/x.txt", "x");
    fs.delete(new Path(root + "/b.txt"), false);
    fs.rename(new Path(root + "/a.txt"), new Path(root + "/a2.txt"));
    fs.rename(new Path(root + "/old"), new Path(root + "/old2"));
    append(fs, root + "/old2/d.txt", "-more");
    fs.setPermission(new Path(root + "/sub/c.txt"), new FsPermission((short) 0600));
    fs.modifyAclEntries(new Path(root + "/sub"), AclEntry.parseAclSpec("user:alice:r-x", true));
    fs.setOwner(new Path(root + "/new.txt"), "bob", "staff");
    new Random(2).nextBytes(big);
    write(fs, root + "/big.bin", big);

    Run inc = runOk(name);
    assertThat(inc.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertThat(inc.report().method()).isEqualTo(method);
    // b.txt, and big.bin: rewriting a file with overwrite replaces its inode (a delete plus a create).
    assertThat(inc.report().pathsDeleted()).isEqualTo(2);
    assertThat(inc.report().pathsRenamed()).isEqualTo(2);
    // new.txt, newdir/x.txt, old2/d.txt, big.bin; c.txt only changed mode, a2.txt only its name.
    assertThat(inc.report().filesCopied()).isEqualTo(4);
    assertThat(inc.report().verification().ok()).isTrue();
    assertReplicated(root, inc);
    assertThat(Trees.read(secondaryFs(), root + "/old2/d.txt")).isEqualTo("delta-more");
    assertThat(secondaryFs().getAclStatus(new Path(root + "/sub")).getEntries()).isNotEmpty();
    assertThat(secondaryFs().getFileStatus(new Path(root + "/new.txt")).getOwner()).isEqualTo("bob");

    GroupName g = GroupName.of(name);
    assertThat(secondaryRegistry().lastGoodCut(g)).contains(inc.cut());
    assertThat(primaryRegistry().lastGoodCut(g)).contains(inc.cut());

    Run idle = runOk(name);
    assertThat(idle.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertThat(idle.report().filesCopied()).isZero();
    assertReplicated(root, idle);
  }

  @Test
  void directoriesUnderOneSharedRootCopyOnlyTheGroupsScope() throws Exception {
    var fs = primaryFs();
    write(fs, "/shared/billing/events/e1", "e1");
    write(fs, "/shared/billing/invoices/i1", "i1");
    write(fs, "/shared/other/secret", "not ours");
    fs.allowSnapshot(new Path("/shared"));
    cp().putGroup(group("shared", 5, "/shared/billing/events", "/shared/billing/invoices"));

    Run full = runOk("shared");
    assertThat(full.report().filesCopied()).isEqualTo(2);
    assertThat(secondaryFs().exists(new Path("/shared/other"))).isFalse();
    assertThat(Trees.read(secondaryFs(), "/shared/billing/invoices/i1")).isEqualTo("i1");

    write(fs, "/shared/other/secret2", "still not ours");
    write(fs, "/shared/billing/events/e2", "e2");
    fs.rename(new Path("/shared/billing/invoices/i1"), new Path("/shared/billing/invoices/i1-renamed"));
    Run inc = runOk("shared");
    assertThat(inc.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
    assertThat(inc.report().filesCopied()).isEqualTo(1);
    assertThat(secondaryFs().exists(new Path("/shared/other"))).isFalse();
    assertThat(Trees.describe(secondaryFs(), "/shared/billing"))
        .isEqualTo(Trees.describe(primaryFs(), "/shared/.snapshot/" + inc.cut().snapshotName(inc.group()) + "/billing"));
  }

  @Test
  void directoriesUnderSeveralRootsAreCutTogether() throws Exception {
    var fs = primaryFs();
    write(fs, "/multi/a/f", "a");
    write(fs, "/multi/b/f", "b");
    cp().putGroup(group("multi", 5, "/multi/a", "/multi/b"));
    Run full = runOk("multi");
    assertThat(primaryRegistry().cut(full.group(), full.cut()).orElseThrow().roots()).hasSize(2);
    assertReplicated("/multi/a", full);
    assertReplicated("/multi/b", full);

    append(fs, "/multi/a/f", "1");
    write(fs, "/multi/b/g", "2");
    Run inc = runOk("multi");
    assertReplicated("/multi/a", inc);
    assertReplicated("/multi/b", inc);
  }

  @Test
  void driftOnTheSecondaryIsRolledBackAndKept() throws Exception {
    write(primaryFs(), "/drift/d/keep", "primary");
    cp().putGroup(group("drift", 5, "/drift/d"));
    Run full = runOk("drift");

    write(secondaryFs(), "/drift/d/stray", "written on the standby");
    write(secondaryFs(), "/drift/d/keep", "overwritten on the standby");
    write(primaryFs(), "/drift/d/next", "next");
    Run inc = runOk("drift");

    assertThat(inc.report().notes()).anySatisfy(n -> assertThat(n).contains("Rolled back"));
    assertReplicated("/drift/d", inc);
    assertThat(secondaryFs().exists(new Path("/drift/d/stray"))).isFalse();
    List<String> kept = snapshotNames(secondaryFs(), "/drift/d");
    assertThat(kept).anySatisfy(n -> assertThat(n).startsWith("tandem-drift-drift-"));
    assertThat(full.cut()).isLessThan(inc.cut());
  }

  @Test
  void retentionKeepsTheNewestCutsOnBothSites() throws Exception {
    write(primaryFs(), "/retain/r/f", "0");
    cp().putGroup(group("retain", 2, "/retain/r"));
    Run last = null;
    for (int i = 1; i <= 3; i++) {
      append(primaryFs(), "/retain/r/f", Integer.toString(i));
      last = runOk("retain");
    }
    String lastName = last.cut().snapshotName(last.group());
    assertThat(snapshotNames(primaryFs(), "/retain/r")).hasSize(2).contains(lastName);
    assertThat(snapshotNames(secondaryFs(), "/retain/r")).hasSize(2).contains(lastName);
    assertThat(secondaryRegistry().cuts(last.group())).hasSize(2);
    assertThat(secondaryRegistry().lastGoodCut(last.group())).isEqualTo(Optional.of(last.cut()));
  }

  @ParameterizedTest
  @EnumSource(value = CopyMethod.class, names = {"DIRECT", "DISTCP"})
  void progressIsReportedWhileCopyingAndUpdatesFollowTheSteps(CopyMethod method) throws Exception {
    sandbox.connections().directCopyLimits(method == CopyMethod.DIRECT ? DirectCopyLimits.ALWAYS
        : DirectCopyLimits.NEVER);
    String root = "/progress-" + method.name().toLowerCase() + "/d";
    for (int i = 0; i < 12; i++) {
      write(primaryFs(), root + "/f" + i, "x".repeat(1000 + i));
    }
    cp().putGroup(group("progress-" + method.name().toLowerCase(), 3, root));
    runOk("progress-" + method.name().toLowerCase());
    for (int i = 0; i < 12; i += 2) {
      append(primaryFs(), root + "/f" + i, "more");
    }
    RUNS.clear();
    Run inc = runOk("progress-" + method.name().toLowerCase());

    var copying = RUNS.progress().stream().filter(p -> p.step() == dev.tandem.model.RunStep.REPLICATE
        && p.filesTotal() > 0).toList();
    assertThat(copying).isNotEmpty();
    var last = copying.get(copying.size() - 1);
    assertThat(last.filesDone()).isEqualTo(last.filesTotal()).isEqualTo(6);
    assertThat(last.bytesDone()).isEqualTo(last.bytesTotal()).isEqualTo(inc.report().bytesCopied());
    assertThat(last.percent()).isEqualTo(100);
    assertThat(RUNS.progress()).extracting(dev.tandem.model.Progress::step)
        .containsSubsequence(dev.tandem.model.RunStep.CUT, dev.tandem.model.RunStep.REPLICATE,
            dev.tandem.model.RunStep.VERIFY, dev.tandem.model.RunStep.COMMIT);
    assertThat(RUNS.updates().get(RUNS.updates().size() - 1).state()).isEqualTo(dev.tandem.model.RunState.SUCCEEDED);
  }

  @Test
  void aCorruptedCopyFailsVerificationAndTheNextRunRepairsIt() throws Exception {
    write(primaryFs(), "/corrupt/d/f", "original content");
    write(primaryFs(), "/corrupt/d/g", "other");
    cp().putGroup(group("corrupt", 3, "/corrupt/d"));
    Run first = runOk("corrupt");
    append(primaryFs(), "/corrupt/d/g", "+1");
    // same length, same times: only the checksum can tell
    FAILURES.actOnceAfter(dev.tandem.model.RunStep.REPLICATE, () -> {
      try {
        var st = secondaryFs().getFileStatus(new Path("/corrupt/d/f"));
        write(secondaryFs(), "/corrupt/d/f", "ORIGINAL CONTENT");
        secondaryFs().setTimes(new Path("/corrupt/d/f"), st.getModificationTime(), st.getAccessTime());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    sandbox.connections().directCopyLimits(DirectCopyLimits.ALWAYS);
    Run bad = cp().runNow(GroupName.of("corrupt"));
    assertThat(bad.state()).isEqualTo(dev.tandem.model.RunState.FAILED);
    assertThat(bad.error()).contains("Verification of cut").contains("/corrupt/d/f: checksum");
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of("corrupt"))).contains(first.cut());

    FAILURES.disarm();
    Run repaired = runOk("corrupt");
    assertThat(repaired.report().notes()).anySatisfy(n -> assertThat(n).contains("Rolled back"));
    assertReplicated("/corrupt/d", repaired);
  }

  /**
   * An incremental run lists and checksums only what changed on either side since the last good cut, yet still
   * finds state on the secondary that differs from the cut: a stray chmod of a file the primary did not touch,
   * and a file the primary deleted that is back on the secondary.
   */
  @Test
  void incrementalVerificationReadsOnlyTheChangesOfBothSitesAndStillFindsStrayState() throws Exception {
    String root = "/region/d";
    for (int i = 0; i < 30; i++) {
      write(primaryFs(), root + "/s" + (i % 3) + "/f" + i, "content " + i);
    }
    cp().putGroup(group("region", 3, root));
    Run full = runOk("region");
    assertThat(full.report().verification().entriesCompared()).isEqualTo(33);

    append(primaryFs(), root + "/s1/f1", "+");
    primaryFs().delete(new Path(root + "/s2/f2"), false);
    Run inc = runOk("region");
    // f1, the directory s2 that lost f2 (whose name is absent on both) and s1, where the secondary's new copy of
    // f1 was moved into place: not the 30 other entries
    assertThat(inc.report().verification().entriesCompared()).isEqualTo(3);
    assertThat(inc.report().verification().checksumsCompared()).isEqualTo(1);
    assertReplicated(root, inc);

    append(primaryFs(), root + "/s0/f3", "+");
    FAILURES.actOnceAfter(dev.tandem.model.RunStep.REPLICATE, () -> {
      try {
        secondaryFs().setPermission(new Path(root + "/s0/f0"), new FsPermission((short) 0600));
        write(secondaryFs(), root + "/s2/f2", "content 2");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    sandbox.connections().directCopyLimits(DirectCopyLimits.ALWAYS);
    Run bad = cp().runNow(GroupName.of("region"));
    assertThat(bad.state()).isEqualTo(dev.tandem.model.RunState.FAILED);
    assertThat(bad.error()).contains(root + "/s0/f0: permission").contains("extra on secondary: " + root + "/s2/f2");
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of("region"))).contains(inc.cut());

    FAILURES.disarm();
    assertReplicated(root, runOk("region"));
  }

  @Test
  void aRestartedControlPlaneResumesFromTheRegistryAlone() throws Exception {
    write(primaryFs(), "/resume/d/f", "1");
    cp().putGroup(group("resume", 3, "/resume/d"));
    Run first = runOk("resume");
    append(primaryFs(), "/resume/d/f", "2");

    org.apache.hadoop.conf.Configuration jobConf = new org.apache.hadoop.conf.Configuration(sandbox.primary().conf());
    jobConf.set("mapreduce.framework.name", "local");
    try (var connections = new dev.tandem.runtime.HadoopSiteConnections(sandbox.primary().conf(), jobConf,
        "/tandem", DirectCopyLimits.DEFAULT, 2)) {
      ControlPlane restarted = new ControlPlane(connections.open(sandbox.primary().site()).registry(), connections,
          java.time.Clock.systemUTC(), RunOptions.defaults(), StepInterceptor.NONE, RunListener.NONE);
      Run next = restarted.runNow(GroupName.of("resume"));
      assertThat(next.state()).isEqualTo(dev.tandem.model.RunState.SUCCEEDED);
      assertThat(next.report().mode()).isEqualTo(CopyMode.INCREMENTAL);
      assertThat(next.cut()).isGreaterThan(first.cut());
      assertReplicated("/resume/d", next);
    }
  }

  static List<String> snapshotNames(org.apache.hadoop.fs.FileSystem fs, String root) throws Exception {
    return java.util.Arrays.stream(fs.listStatus(new Path(root + "/.snapshot")))
        .map(s -> s.getPath().getName()).toList();
  }
}
