package dev.tandem.switchover;

import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.Scope;
import dev.tandem.engine.SiteHandle;
import dev.tandem.model.Cut;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.Run;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.testing.SandboxTest;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The drill's comparison of the promoted data with the primary's snapshot of the cut, on two real clusters: a copy
 * corrupted on the secondary and sealed again (so its own seal still says "equal") is caught.
 */
class PrimaryComparisonTest extends SandboxTest {
  private static SiteHandle primary() {
    return sandbox.connections().open(sandbox.primary().site());
  }

  private static SiteHandle secondary() {
    return sandbox.connections().open(sandbox.secondary().site());
  }

  private static Cut cutOf(String group, Run run) {
    return secondaryRegistry().cut(GroupName.of(group), run.cut()).orElseThrow();
  }

  @Test
  void anUntouchedCopyEqualsThePrimarysSnapshot() throws Exception {
    write(primaryFs(), "/cmp/same/a.txt", "alpha");
    write(primaryFs(), "/cmp/same/d/b.txt", "bravo bravo");
    cp().putGroup(group("same", 3, "/cmp/same"));
    Run run = runOk("same");

    PrimaryComparison.Result r = PrimaryComparison.compare(PrimaryComparisonTest::primary, secondary(),
        cutOf("same", run));

    assertThat(r.comparedWithPrimary()).as(r.summary()).isTrue();
    assertThat(r.equal()).as("%s", r.differences()).isTrue();
    assertThat(r.differences()).isEmpty();
    assertThat(r.summary()).startsWith("compared with the primary's snapshot").endsWith("equal");
  }

  @Test
  void aCopyResealedWithOtherBytesIsCaughtThoughItsOwnSealAgrees() throws Exception {
    String root = "/cmp/bad";
    write(primaryFs(), root + "/good.txt", "untouched");
    write(primaryFs(), root + "/victim.txt", "the primary's bytes");
    cp().putGroup(group("bad", 3, root));
    Run run = runOk("bad");
    Cut cut = cutOf("bad", run);
    String snapshot = cut.snapshotName();

    // On the secondary: other bytes of the same length and mtime, sealed again under the cut's snapshot name.
    Path victim = new Path(root + "/victim.txt");
    FileStatus before = secondaryFs().getFileStatus(victim);
    secondaryFs().deleteSnapshot(new Path(root), snapshot);
    byte[] other = "THE SECONDARY'S BAD".getBytes(StandardCharsets.UTF_8);
    assertThat((long) other.length).isEqualTo(before.getLen());
    try (FSDataOutputStream out = secondaryFs().create(victim, true)) {
      out.write(other);
    }
    secondaryFs().setOwner(victim, before.getOwner(), before.getGroup());
    secondaryFs().setPermission(victim, before.getPermission());
    secondaryFs().setTimes(victim, before.getModificationTime(), before.getAccessTime());
    secondaryFs().createSnapshot(new Path(root), snapshot);

    // Its own seal cannot tell: the data equals the snapshot, checksums included.
    SnapshotRoot r0 = cut.roots().get(0);
    Manifest now = secondary().manifests().read(r0.path(), "", Scope.of(r0), ChecksumSelection.everything());
    Manifest sealed = secondary().manifests().read(r0.path(), snapshot, Scope.of(r0), ChecksumSelection.everything());
    assertThat(now).isEqualTo(sealed);

    PrimaryComparison.Result r = PrimaryComparison.compare(PrimaryComparisonTest::primary, secondary(), cut);

    assertThat(r.comparedWithPrimary()).as(r.summary()).isTrue();
    assertThat(r.equal()).isFalse();
    assertThat(r.differenceCount()).isEqualTo(1);
    assertThat(r.differences()).singleElement().asString().contains(root + "/victim.txt").contains("checksum")
        .doesNotContain("length").doesNotContain("mtime");
    assertThat(r.summary()).contains("1 difference(s)");
  }

  @Test
  void anUnreachablePrimaryFallsBackToTheOwnSealAndSaysSo() throws Exception {
    write(primaryFs(), "/cmp/gone/a.txt", "alpha");
    cp().putGroup(group("gone", 3, "/cmp/gone"));
    Run run = runOk("gone");

    PrimaryComparison.Result r = PrimaryComparison.compare(() -> {
      throw new PeerUnavailableException("east cannot be reached", null);
    }, secondary(), cutOf("gone", run));

    assertThat(r.comparedWithPrimary()).isFalse();
    assertThat(r.summary()).contains("primary unreachable").contains("east cannot be reached")
        .contains("compared with the secondary's own seal only");
  }
}
