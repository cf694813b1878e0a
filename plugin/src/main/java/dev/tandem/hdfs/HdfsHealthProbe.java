package dev.tandem.hdfs;

import dev.tandem.arbiter.Health;
import dev.tandem.arbiter.HealthProbe;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * A site's health as its server sees it: the NameNode answers (through the HA proxy, so an active one exists) and
 * is out of safe mode; the metastore's state comes from a supplier the Hive part provides (ABSENT without Hive).
 * Uses its own client that fails fast instead of retrying for tens of seconds, so that a dead NameNode is
 * reported within one heartbeat.
 */
public final class HdfsHealthProbe implements HealthProbe, Closeable {
  private final DistributedFileSystem fs;
  private final Supplier<Health.State> metastore;

  private HdfsHealthProbe(DistributedFileSystem fs, Supplier<Health.State> metastore) {
    this.fs = fs;
    this.metastore = metastore;
  }

  public static HdfsHealthProbe connect(String uri, Configuration base, Supplier<Health.State> metastore) {
    Configuration conf = new Configuration(base);
    conf.setInt("ipc.client.connect.max.retries", 0);
    conf.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    conf.setInt("ipc.client.connect.timeout", 2000);
    conf.setInt("ipc.client.rpc-timeout.ms", 5000);
    conf.setBoolean("dfs.client.retry.policy.enabled", false);
    conf.setInt("dfs.client.failover.max.attempts", 1);
    try {
      FileSystem fs = FileSystem.newInstance(URI.create(uri), conf);
      if (!(fs instanceof DistributedFileSystem dfs)) {
        fs.close();
        throw new IllegalArgumentException("Not an HDFS URI: " + uri);
      }
      return new HdfsHealthProbe(dfs, metastore);
    } catch (IOException e) {
      throw new dev.tandem.model.PeerUnavailableException("Cannot create a client for " + uri + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public Health check() {
    Health.State hive = metastore.get();
    try {
      fs.getFileStatus(new Path("/"));
      if (fs.isInSafeMode()) {
        return new Health(Health.State.DOWN, hive, Health.State.UP, "NameNode is in safe mode");
      }
      return new Health(Health.State.UP, hive, Health.State.UP, hive == Health.State.DOWN ? "metastore down" : "");
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n", 2)[0];
      return new Health(Health.State.DOWN, hive, Health.State.UP, "NameNode: " + m);
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
