package dev.tandem.hdfs;

import dev.tandem.model.OpenFileCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream.SyncFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether a NameNode's snapshots freeze files open for write by trying it, in a scratch directory of
 * Tandem's own: write a byte and make its length known ({@code hsync} with {@code UPDATE_LENGTH}), snapshot,
 * write another, and read the length the snapshot reports. The key that decides it
 * ({@code dfs.namenode.snapshot.capture.openfiles}) is the NameNode's, which a client's configuration need not
 * repeat, and reading the NameNode's own {@code /conf} would need its HTTP address, HA state and SPNEGO; the
 * behaviour itself is what Tandem relies on. Results are kept per NameNode for {@link #TTL}.
 */
final class OpenFileCaptureProbe {
  private static final Logger LOG = LoggerFactory.getLogger(OpenFileCaptureProbe.class);
  static final Duration TTL = Duration.ofMinutes(10);
  private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();

  private record Result(OpenFileCapture capture, long at) {}

  private OpenFileCaptureProbe() {}

  static OpenFileCapture of(DistributedFileSystem fs, String scratchParent) {
    String key = fs.getUri().toString();
    Result known = CACHE.get(key);
    long now = System.currentTimeMillis();
    if (known != null && now - known.at() < TTL.toMillis()) {
      return known.capture();
    }
    OpenFileCapture capture = probe(fs, scratchParent);
    CACHE.put(key, new Result(capture, now));
    return capture;
  }

  private static OpenFileCapture probe(DistributedFileSystem fs, String scratchParent) {
    Path dir = new Path(scratchParent, "open-files-" + UUID.randomUUID());
    Path file = new Path(dir, "f");
    try {
      fs.mkdirs(dir);
      fs.allowSnapshot(dir);
      try (FSDataOutputStream out = fs.create(file)) {
        out.write(1);
        ((HdfsDataOutputStream) out).hsync(EnumSet.of(SyncFlag.UPDATE_LENGTH));
        fs.createSnapshot(dir, "s");
        out.write(2);
        ((HdfsDataOutputStream) out).hsync(EnumSet.of(SyncFlag.UPDATE_LENGTH));
        long len = fs.getFileStatus(new Path(dir, ".snapshot/s/f")).getLen();
        return len == 1 ? OpenFileCapture.FROZEN : OpenFileCapture.LIVE;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot tell whether {} freezes open files in snapshots (probe in {}): {}", fs.getUri(), dir,
          e.getMessage());
      return OpenFileCapture.UNKNOWN;
    } finally {
      try {
        if (fs.exists(new Path(dir, ".snapshot/s"))) {
          fs.deleteSnapshot(dir, "s");
        }
        if (fs.exists(dir)) {
          fs.disallowSnapshot(dir);
          fs.delete(dir, true);
        }
      } catch (IOException e) {
        LOG.warn("Cannot remove the probe directory {}{}: {}", fs.getUri(), dir, e.getMessage());
      }
    }
  }
}
