package dev.tandem.testing;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Registry;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/** One real two-site sandbox per test class; tests use their own paths and group names. */
@RealComponents
public abstract class SandboxTest {
  protected static Sandbox sandbox;
  protected static final FailingInterceptor FAILURES = new FailingInterceptor();
  protected static final RecordingListener RUNS = new RecordingListener();
  private static File workDir;

  @BeforeAll
  static void startSandbox() throws IOException {
    workDir = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "sandbox").toFile();
    sandbox = Sandbox.builder(workDir).interceptor(FAILURES).listener(RUNS).start().registerSites();
    sandbox.controlPlane().pair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));
  }

  @AfterAll
  static void stopSandbox() {
    FAILURES.disarm();
    if (sandbox != null) {
      sandbox.close();
    }
    FileUtil.fullyDelete(workDir);
  }

  protected static DistributedFileSystem primaryFs() {
    return sandbox.primary().fs();
  }

  protected static DistributedFileSystem secondaryFs() {
    return sandbox.secondary().fs();
  }

  protected static ControlPlane cp() {
    return sandbox.controlPlane();
  }

  protected static Registry primaryRegistry() {
    return sandbox.connections().open(sandbox.primary().site()).registry();
  }

  protected static Registry secondaryRegistry() {
    return sandbox.connections().open(sandbox.secondary().site()).registry();
  }

  protected static ClusterPair pair() {
    return new ClusterPair(SiteId.of(Sandbox.PRIMARY), SiteId.of(Sandbox.SECONDARY));
  }

  protected static ProtectionGroup group(String name, int retention, String... dirs) {
    List<DataSet> sets = Arrays.stream(dirs).<DataSet>map(HdfsDirectory::of).toList();
    return new ProtectionGroup(GroupName.of(name), pair(), sets, Schedule.parse("01:30", "4h", "UTC"), retention,
        SnapshotEnablement.ENABLE_IF_MISSING, true);
  }

  protected static Run runOk(String group) {
    Run run = cp().runNow(GroupName.of(group));
    assertThat(run.state()).as("run %s: %s (notes %s)", run.id(), run.error(), run.report().notes())
        .isEqualTo(RunState.SUCCEEDED);
    return run;
  }

  /** The cut as it is on the primary equals its copy on the secondary, byte for byte. */
  protected static void assertReplicated(String root, Run run, String... skip) throws IOException {
    String snap = "/.snapshot/" + run.cut().snapshotName(run.group());
    Map<String, String> expected = Trees.describe(primaryFs(), root + snap, skip);
    assertThat(expected).isNotEmpty();
    assertThat(Trees.describe(secondaryFs(), root + snap, skip)).isEqualTo(expected);
    assertThat(Trees.describe(secondaryFs(), root, skip)).isEqualTo(expected);
  }
}
