package dev.tandem.sandbox;

import dev.tandem.hive.EmbeddedMetastore;
import dev.tandem.hive.TandemFenceListener;
import dev.tandem.model.ClusterSpec;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * One in-process site: a MiniDFSCluster, a ZooKeeper server and optionally a Hive metastore, with their data under one directory. Used by
 * the sandbox, the tests and the benchmarks alike, so they all exercise the same real components.
 */
public final class SandboxSite implements AutoCloseable {
  private final SiteId id;
  private final String location;
  private final MiniDFSCluster dfs;
  private final TestingServer zk;
  private final EmbeddedMetastore metastore;

  private SandboxSite(SiteId id, String location, MiniDFSCluster dfs, TestingServer zk, EmbeddedMetastore metastore) {
    this.id = id;
    this.location = location;
    this.dfs = dfs;
    this.zk = zk;
    this.metastore = metastore;
  }

  /**
   * @param blockSize the site's default HDFS block size; the two sandbox sites differ on purpose, as real
   *     clusters often do, so checksums must be block-size independent
   */
  public static SandboxSite start(String name, String location, File workDir, long blockSize) {
    return start(name, location, workDir, blockSize, false);
  }

  /**
   * @param hive also start the site's Hive metastore (Derby under the site's directory, Thrift on a loopback
   *     port), configured with Tandem's notification log and fence listener against the site's registry
   */
  public static SandboxSite start(String name, String location, File workDir, long blockSize, boolean hive) {
    return start(name, location, workDir, blockSize, hive, true);
  }

  /** @param captureOpenFiles {@code dfs.namenode.snapshot.capture.openfiles} of the site's NameNode */
  public static SandboxSite start(String name, String location, File workDir, long blockSize, boolean hive,
      boolean captureOpenFiles) {
    File home = new File(workDir, name);
    MiniDFSCluster dfs = null;
    TestingServer zk = null;
    try {
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(home, "dfs").getAbsolutePath());
      // Each file close otherwise waits 400 ms for its block: thousands of small files would crawl.
      conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 5);
      // The wait doubles per retry: with the default 5 retries a close gave up after 155 ms, which a loaded
      // 2-core machine exceeds ("Unable to close file ... not enough replicas"); 12 allow about 20 s.
      conf.setInt("dfs.client.block.write.locateFollowingBlock.retries", 12);
      conf.setBoolean("dfs.namenode.acls.enabled", true);
      conf.setBoolean("dfs.namenode.snapshot.capture.openfiles", captureOpenFiles);
      // DistCp's local job runner shares this JVM's FileSystem cache, so the clusters' own clients must
      // already use block-size independent checksums (on YARN the job configuration carries it).
      conf.set("dfs.checksum.combine.mode", "COMPOSITE_CRC");
      conf.setLong("dfs.namenode.fs-limits.min-block-size", 64 * 1024);
      conf.setLong("dfs.blocksize", blockSize);
      conf.setInt("dfs.replication", 1);
      dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
      dfs.waitActive();
      zk = new TestingServer(-1, new File(home, "zk"), true);
      EmbeddedMetastore metastore = null;
      if (hive) {
        metastore = EmbeddedMetastore.start(name, new File(home, "metastore"), dfs.getURI().toString(), Map.of(
            "metastore.pre.event.listeners", TandemFenceListener.class.getName(),
            "metastore.end.function.listeners", TandemFenceListener.Release.class.getName(),
            TandemFenceListener.CONNECT, zk.getConnectString(),
            TandemFenceListener.ROOT, "/tandem",
            "dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "5",
            "dfs.client.block.write.locateFollowingBlock.retries", "12",
            "dfs.checksum.combine.mode", "COMPOSITE_CRC"));
      }
      return new SandboxSite(SiteId.of(name), location, dfs, zk, metastore);
    } catch (Exception e) {
      if (zk != null) {
        try {
          zk.close();
        } catch (IOException ignored) {
          // failing anyway
        }
      }
      if (dfs != null) {
        dfs.shutdown();
      }
      throw new TandemException("Cannot start sandbox site " + name + ": " + e.getMessage(), e);
    }
  }

  public SiteId id() {
    return id;
  }

  public Site site() {
    long capacity;
    long used;
    try {
      var status = dfs.getFileSystem().getStatus();
      capacity = status.getCapacity();
      used = status.getUsed();
    } catch (IOException e) {
      capacity = 0;
      used = 0;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    long memoryMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    return new Site(id, location, fileSystemUri(), zkConnect(), metastoreUri(), new ClusterSpec(dfs.getDataNodes().size(),
        cores, memoryMb, capacity, used));
  }

  public String fileSystemUri() {
    return dfs.getURI().toString();
  }

  /** The site's metastore, {@code thrift://127.0.0.1:PORT}, or "" when started without Hive. */
  public String metastoreUri() {
    return metastore == null ? "" : metastore.uri();
  }

  public String zkConnect() {
    return zk.getConnectString();
  }

  public String nameNodeWebUi() {
    return "http://" + dfs.getNameNode().getHttpAddress().getHostString() + ":"
        + dfs.getNameNode().getHttpAddress().getPort();
  }

  public Configuration conf() {
    return dfs.getConfiguration(0);
  }

  public DistributedFileSystem fs() {
    try {
      return dfs.getFileSystem();
    } catch (IOException e) {
      throw new TandemException("Sandbox site " + id + ": " + e.getMessage(), e);
    }
  }

  /** Stops the site's NameNode (simulates losing its file system); {@link #restartNameNode} brings it back. */
  public void stopNameNode() {
    dfs.shutdownNameNode(0);
  }

  /** Starts the NameNode again on the same address and waits until it is active. */
  public void restartNameNode() {
    try {
      dfs.restartNameNode(0, true);
    } catch (IOException e) {
      throw new TandemException("Cannot restart the NameNode of sandbox site " + id + ": " + e.getMessage(), e);
    }
  }

  /** Stops the site's ZooKeeper (simulates losing the registry) while HDFS keeps running. */
  public TestingServer zookeeper() {
    return zk;
  }

  @Override
  public void close() {
    if (metastore != null) {
      metastore.close();
    }
    try {
      zk.close();
    } catch (IOException | RuntimeException e) {
      // shutting down anyway
    }
    try {
      dfs.shutdown(true);
    } catch (RuntimeException e) {
      // shutting down anyway
    }
  }
}
