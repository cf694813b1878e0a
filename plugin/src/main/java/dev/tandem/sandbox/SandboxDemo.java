package dev.tandem.sandbox;

import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.ManifestReader;
import dev.tandem.engine.Scope;
import dev.tandem.model.CopyMode;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.hive.HmsClient;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.MetadataMode;
import dev.tandem.model.MetadataReport;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.StepTiming;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * The unattended story: pair, protect {@code billing}, back up fully, change files, back up incrementally,
 * check the secondary independently of the run's own verification, and report.
 */
public final class SandboxDemo {
  private static final GroupName BILLING = GroupName.of("billing");

  private final Sandbox sandbox;
  private final PrintStream out;

  public SandboxDemo(Sandbox sandbox, PrintStream out) {
    this.sandbox = sandbox;
    this.out = out;
  }

  /** Returns true only if every step worked and the secondary holds the primary's last cut. */
  public boolean run() throws IOException {
    ControlPlane cp = sandbox.controlPlane();
    out.println();
    out.println("1. Pair east (primary) with west (secondary)");
    var pair = cp.pair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));

    boolean hive = !sandbox.primary().metastoreUri().isEmpty();
    out.println("2. Protect service 'billing': " + String.join(", ", SandboxData.PROTECTED)
        + (hive ? " and Hive database billing" : "") + ", daily from 01:30 every 4h, keep 7 cuts");
    List<DataSet> dataSets = new ArrayList<>(Arrays.stream(SandboxData.PROTECTED).<DataSet>map(HdfsDirectory::of)
        .toList());
    if (hive) {
      dataSets.add(new HiveDatabase(SandboxHive.DATABASE));
    }
    cp.putGroup(new ProtectionGroup(BILLING, pair, dataSets, Schedule.parse("01:30", "4h", "UTC"), 7,
        SnapshotEnablement.EXISTING_ONLY, true));

    out.println("3. First backup (full copy)");
    Run full = cp.runNow(BILLING);
    report(full);
    if (full.state() != RunState.SUCCEEDED) {
      return false;
    }

    out.println("4. The service changes: new events, an appended invoice, a deleted and a renamed file, a chmod"
        + (hive ? ";\n   in Hive: a new day's partition, rows inserted into another, a partition moved with its files" : ""));
    change(sandbox.primary().fs());
    if (hive) {
      changeHive();
    }

    out.println("5. Second backup (incremental, from the snapshot diff)");
    Run inc = cp.runNow(BILLING);
    report(inc);
    if (inc.state() != RunState.SUCCEEDED || inc.report().mode() != CopyMode.INCREMENTAL) {
      return false;
    }

    if (!new SandboxUserDataDemo(sandbox, out).run(BILLING, inc)) {
      return false;
    }

    out.println("6. Independent check: listing and checksums of the cut on east and of west's copy");
    boolean same = compare(inc);
    if (hive) {
      Map<String, String> east = SandboxHive.partitions(sandbox.primary().metastoreUri(),
          sandbox.primary().fileSystemUri());
      Map<String, String> west = SandboxHive.partitions(sandbox.secondary().metastoreUri(),
          sandbox.secondary().fileSystemUri());
      out.printf("   billing.events: %d partition(s) on east, %d on west, locations on each site's own HDFS%n",
          east.size(), west.size());
      west.forEach((k, v) -> out.printf("     west %s -> %s%n", k, v));
      same &= east.equals(west) && west.containsKey("dt=2026-11-24");
    }
    out.println(same ? "   equal: west holds the whole, verified cut " + inc.cut()
        : "   DIFFERENT: west does not match east's cut");
    out.println(same ? "Demo succeeded." : "Demo FAILED.");
    return same;
  }

  private static void change(DistributedFileSystem fs) throws IOException {
    SandboxData.write(fs, SandboxData.ROOT + "/events/dt=2026-11-24/part-00000.csv", SandboxData.events(24, 0));
    SandboxData.write(fs, SandboxData.ROOT + "/events/dt=2026-11-24/part-00001.csv", SandboxData.events(24, 1));
    try (OutputStream o = fs.append(new Path(SandboxData.ROOT + "/invoices/2026/11/invoice-1001.json"))) {
      o.write("{\"invoice\":1001,\"correction\":-2.5}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    fs.delete(new Path(SandboxData.ROOT + "/invoices/2026/11/invoice-1005.json"), false);
    fs.rename(new Path(SandboxData.ROOT + "/events/dt=2026-11-20"), new Path(SandboxData.ROOT + "/events/archived-dt=2026-11-20"));
    fs.setPermission(new Path(SandboxData.ROOT + "/customers/customers.csv"), new FsPermission((short) 0640));
    SandboxData.write(fs, SandboxData.UNPROTECTED + "/another-tmp.txt", "not protected\n");
  }

  private void changeHive() throws IOException {
    try (HmsClient hms = HmsClient.connect(sandbox.primary().metastoreUri(), 60_000)) {
      // change() wrote the files of 2026-11-24 and moved 2026-11-20's directory; now the metastore follows.
      SandboxHive.addPartition(hms, "2026-11-24");
      SandboxData.write(sandbox.primary().fs(), SandboxData.ROOT + "/events/dt=2026-11-23/part-00003.csv",
          SandboxData.events(23, 3));
      SandboxHive.inserted(hms, "2026-11-23", "part-00003.csv");
      SandboxHive.relocate(hms, "2026-11-20", sandbox.primary().fileSystemUri() + SandboxData.ROOT
          + "/events/archived-dt=2026-11-20");
    } catch (org.apache.thrift.TException e) {
      throw new IOException("Cannot change the sample Hive tables: " + e.getMessage(), e);
    }
  }

  private boolean compare(Run run) {
    ManifestReader east = sandbox.connections().open(sandbox.primary().site()).manifests();
    ManifestReader west = sandbox.connections().open(sandbox.secondary().site()).manifests();
    var cut = sandbox.controlPlane().registry().cut(BILLING, run.cut()).orElseThrow();
    for (SnapshotRoot root : cut.roots()) {
      Manifest a = east.read(root.path(), cut.snapshotName(), Scope.of(root), ChecksumSelection.everything());
      Manifest b = west.read(root.path(), cut.snapshotName(), Scope.of(root), ChecksumSelection.everything());
      out.printf("   %s: %d entries on east, %d on west%n", root.path(), a.entries().size(), b.entries().size());
      if (!a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  private void report(Run run) {
    var r = run.report();
    out.printf("   run %s: %s%s%n", run.id(), run.state(), run.error() == null ? "" : " - " + run.error());
    if (run.cut() != null) {
      out.printf("   cut %s, %s copy by %s: %d file(s), %d byte(s) copied, %d deleted, %d renamed%n", run.cut(),
          r.mode(), r.method(), r.filesCopied(), r.bytesCopied(), r.pathsDeleted(), r.pathsRenamed());
      out.printf("   consistency window %.1f ms; run time %d ms%n", r.consistencyWindow().toNanos() / 1e6,
          Duration.between(run.startedAt(), run.endedAt()).toMillis());
    }
    if (r.verification() != null) {
      out.printf("   verified %d entries, %d checksums: %s%n", r.verification().entriesCompared(),
          r.verification().checksumsCompared(), r.verification().ok() ? "equal" : r.verification().mismatches());
    }
    StringBuilder steps = new StringBuilder("   steps:");
    for (StepTiming s : run.steps()) {
      steps.append(' ').append(s.step().name().toLowerCase()).append('=').append(s.took().toMillis()).append("ms");
    }
    out.println(steps);
    MetadataReport m = r.metadata();
    if (m.mode() != MetadataMode.NONE) {
      out.printf("   hive: %s to event %d, %d event(s) replayed, %d table(s) and %d partition(s) written; verified %d "
          + "table(s), %d partition(s), digest %s%n", m.mode(), m.toEventId(), m.eventsReplayed(), m.tablesWritten(),
          m.partitionsWritten(), m.tablesCompared(), m.partitionsCompared(),
          m.digest().isEmpty() ? "-" : m.digest().substring(0, 16));
    }
    r.notes().forEach(n -> out.println("   note: " + n));
  }
}
