package dev.tandem.hdfs;

import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.ManifestReader;
import dev.tandem.engine.SnapshotStore;
import dev.tandem.model.PeerUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/** Builds the HDFS adapters of a site from its file system URI and a base configuration. */
public final class HdfsSites {
  private HdfsSites() {}

  /**
   * The client configuration Tandem uses against any site: composite CRC checksums, so that files written
   * with different block sizes on the two sites compare equal.
   */
  public static Configuration clientConf(Configuration base) {
    Configuration conf = new Configuration(base);
    conf.set("dfs.checksum.combine.mode", "COMPOSITE_CRC");
    return conf;
  }

  public static DistributedFileSystem fileSystem(String uri, Configuration base) {
    try {
      FileSystem fs = FileSystem.newInstance(URI.create(uri), clientConf(base));
      if (!(fs instanceof DistributedFileSystem dfs)) {
        fs.close();
        throw new IllegalArgumentException("Not an HDFS URI: " + uri);
      }
      return dfs;
    } catch (IOException e) {
      throw new PeerUnavailableException("Cannot reach HDFS at " + uri + ": " + e.getMessage(), e);
    }
  }

  public static SnapshotStore snapshotStore(DistributedFileSystem fs) {
    return new HdfsSnapshotStore(fs);
  }

  public static ManifestReader manifestReader(DistributedFileSystem fs, ExecutorService pool) {
    return new HdfsManifestReader(fs, pool);
  }

  /**
   * @param jobConf configuration of DistCp jobs (framework name, queue); the job's staging area lives on its
   *     default file system
   */
  public static FileReplicator replicator(DistributedFileSystem source, DistributedFileSystem target,
      Configuration jobConf, ExecutorService pool, DirectCopyLimits limits) {
    SnapshotStore targetSnapshots = new HdfsSnapshotStore(target);
    DistCpFileCopier distCp = new DistCpFileCopier(clientConf(jobConf), source.getUri().toString(),
        target.getUri().toString());
    DirectCopier direct = new DirectCopier(source, target, targetSnapshots, pool);
    return new HdfsFileReplicator(distCp, direct, source, targetSnapshots, limits);
  }
}
