package dev.tandem.sandbox;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.Site;
import dev.tandem.runtime.HadoopSiteConnections;
import java.io.File;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;

/**
 * Two in-process sites ({@code east}, the primary, and {@code west}) and a control plane at {@code east},
 * everything under one work directory. DistCp runs with the local job runner. Each site has its manager
 * (a fake Ambari and a fake Ranger, see {@link SandboxManager}), where its cluster information and user data
 * come from.
 */
public final class Sandbox implements AutoCloseable {
  public static final String PRIMARY = "east";
  public static final String SECONDARY = "west";

  private final SandboxSite primary;
  private final SandboxSite secondary;
  private final HadoopSiteConnections connections;
  private final ControlPlane controlPlane;
  private final SandboxManager primaryManager;
  private final SandboxManager secondaryManager;

  private Sandbox(SandboxSite primary, SandboxSite secondary, HadoopSiteConnections connections,
      ControlPlane controlPlane, SandboxManager primaryManager, SandboxManager secondaryManager) {
    this.primary = primary;
    this.secondary = secondary;
    this.connections = connections;
    this.controlPlane = controlPlane;
    this.primaryManager = primaryManager;
    this.secondaryManager = secondaryManager;
  }

  public static Builder builder(File workDir) {
    return new Builder(workDir);
  }

  public SandboxSite primary() {
    return primary;
  }

  public SandboxSite secondary() {
    return secondary;
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public HadoopSiteConnections connections() {
    return connections;
  }

  /** The fake Ambari and Ranger of {@code site}. */
  public SandboxManager manager(SandboxSite site) {
    return site == primary ? primaryManager : secondaryManager;
  }

  /** {@code site} as its manager describes it (its resources are those of the manager's hosts). */
  public Site site(SandboxSite site) {
    return manager(site).site();
  }

  /** Registers both sites with the control plane (not paired yet), with their managers' cluster information. */
  public Sandbox registerSites() {
    controlPlane.registerSite(site(primary));
    controlPlane.registerSite(site(secondary));
    return this;
  }

  @Override
  public void close() {
    controlPlane.close();
    secondaryManager.close();
    primaryManager.close();
    connections.close();
    secondary.close();
    primary.close();
  }

  /** Options of a sandbox; tests inject failures and copy strategies here. */
  public static final class Builder {
    private final File workDir;
    private RunOptions options = RunOptions.defaults();
    private StepInterceptor interceptor = StepInterceptor.NONE;
    private RunListener listener = RunListener.NONE;
    private DirectCopyLimits limits = DirectCopyLimits.DEFAULT;
    private boolean hive;
    private boolean captureOpenFiles = true;

    private Builder(File workDir) {
      this.workDir = workDir;
    }

    public Builder options(RunOptions value) {
      this.options = value;
      return this;
    }

    public Builder interceptor(StepInterceptor value) {
      this.interceptor = value;
      return this;
    }

    public Builder listener(RunListener value) {
      this.listener = value;
      return this;
    }

    public Builder directCopy(DirectCopyLimits value) {
      this.limits = value;
      return this;
    }

    /** Starts a Hive metastore per site as well. */
    public Builder hive(boolean value) {
      this.hive = value;
      return this;
    }

    /**
     * Whether the sites' snapshots freeze files open for write ({@code dfs.namenode.snapshot.capture.openfiles},
     * on by default as Tandem recommends; off is what a NameNode does unless told).
     */
    public Builder captureOpenFiles(boolean value) {
      this.captureOpenFiles = value;
      return this;
    }

    public Sandbox start() {
      SandboxSite east = SandboxSite.start(PRIMARY, "Sandbox east (primary data centre)", workDir, 1024 * 1024, hive,
          captureOpenFiles);
      SandboxSite west = null;
      try {
        west = SandboxSite.start(SECONDARY, "Sandbox west (standby data centre)", workDir, 2 * 1024 * 1024, hive,
            captureOpenFiles);
        Configuration jobConf = new Configuration(east.conf());
        jobConf.set("mapreduce.framework.name", "local");
        jobConf.set("hadoop.tmp.dir", new File(workDir, "jobs").getAbsolutePath());
        HadoopSiteConnections connections = new HadoopSiteConnections(east.conf(), jobConf, "/tandem", limits, 16);
        SandboxManager eastManager = SandboxManager.start(east.site(), true);
        SandboxManager westManager;
        try {
          westManager = SandboxManager.start(west.site(), false);
        } catch (RuntimeException e) {
          eastManager.close();
          throw e;
        }
        connections.userDataSources(east.id(), eastManager.sources());
        connections.userDataSources(west.id(), westManager.sources());
        ControlPlane cp = new ControlPlane(connections.open(eastManager.site()).registry(), connections,
            Clock.systemUTC(), options, interceptor, listener);
        return new Sandbox(east, west, connections, cp, eastManager, westManager);
      } catch (RuntimeException e) {
        if (west != null) {
          west.close();
        }
        east.close();
        throw e;
      }
    }
  }
}
