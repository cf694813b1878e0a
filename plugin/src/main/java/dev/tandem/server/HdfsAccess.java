package dev.tandem.server;

import dev.tandem.hdfs.HdfsSites;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.OpenFileCapture;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.HdfsEntryDto;
import dev.tandem.server.api.HdfsListingDto;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.hadoop.hdfs.protocol.SnapshottableDirectoryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own read-only HDFS clients, one per site: directory pickers and cluster capacity. The engine's
 * clients stay the engine's.
 */
final class HdfsAccess implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(HdfsAccess.class);
  private static final int MAX_ENTRIES = 1000;

  private final Configuration base;
  private final Map<SiteId, DistributedFileSystem> open = new ConcurrentHashMap<>();

  HdfsAccess(Configuration base) {
    this.base = base;
  }

  DistributedFileSystem fs(Site site) {
    return open.computeIfAbsent(site.id(), id -> HdfsSites.fileSystem(site.fileSystemUri(), base));
  }

  /** Sub-directories of {@code path} (at most 1000, by name), with what a picker needs to know of each. */
  HdfsListingDto list(Site site, String path, List<ProtectionGroup> groups) {
    HdfsDirectory dir;
    try {
      dir = HdfsDirectory.of(path == null || path.isBlank() ? "/" : path);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("path", e.getMessage());
    }
    DistributedFileSystem fs = fs(site);
    try {
      FileStatus self = fs.getFileStatus(new Path(dir.path()));
      InvalidInputException.check(self.isDirectory(), "path", "'%s' on site %s is a file, not a directory",
          dir.path(), site.id());
      Set<String> snapshottable = new HashSet<>();
      SnapshottableDirectoryStatus[] dirs = fs.getSnapshottableDirListing();
      if (dirs != null) {
        for (SnapshottableDirectoryStatus s : dirs) {
          snapshottable.add(Path.getPathWithoutSchemeAndAuthority(s.getFullPath()).toString());
        }
      }
      List<HdfsEntryDto> out = new ArrayList<>();
      FileStatus[] children = fs.listStatus(new Path(dir.path()));
      java.util.Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus child : children) {
        if (!child.isDirectory() || out.size() >= MAX_ENTRIES) {
          continue;
        }
        String childPath = dir.path().equals("/") ? "/" + child.getPath().getName()
            : dir.path() + "/" + child.getPath().getName();
        out.add(new HdfsEntryDto(child.getPath().getName(), childPath, snapshottable.contains(childPath),
            protectedBy(childPath, site.id(), groups)));
      }
      return new HdfsListingDto(site.id().value(), dir.path(), out);
    } catch (FileNotFoundException e) {
      throw new NotFoundException("No directory " + dir.path() + " on site " + site.id());
    } catch (IOException e) {
      throw new PeerUnavailableException("Cannot list " + dir.path() + " on site " + site.id() + ": "
          + e.getMessage(), e);
    }
  }

  private static String protectedBy(String path, SiteId site, List<ProtectionGroup> groups) {
    for (ProtectionGroup g : groups) {
      if (!g.pair().primary().equals(site) && !g.pair().secondary().equals(site)) {
        continue;
      }
      for (HdfsDirectory d : g.hdfsDirectories()) {
        if (d.covers(path) || HdfsDirectory.of(path).covers(d.path())) {
          return g.name().value();
        }
      }
    }
    return null;
  }

  /** Capacity and use, and the number of live DataNodes (0 when the report is not allowed to this user). */
  Capacity capacity(Site site) throws IOException {
    DistributedFileSystem fs = fs(site);
    FsStatus status = fs.getStatus();
    int nodes = 0;
    try {
      nodes = fs.getDataNodeStats(HdfsConstants.DatanodeReportType.LIVE).length;
    } catch (IOException e) {
      LOG.debug("No DataNode report from {}: {}", site.id(), e.getMessage());
    }
    return new Capacity(nodes, status.getCapacity(), status.getUsed(),
        HdfsSites.snapshotStore(fs).openFileCapture());
  }

  /** @param openFiles whether the site's snapshots freeze files open for write (probed, cached for minutes) */
  record Capacity(int liveDataNodes, long capacityBytes, long usedBytes, OpenFileCapture openFiles) {}

  @Override
  public void close() {
    for (DistributedFileSystem fs : open.values()) {
      try {
        fs.close();
      } catch (IOException e) {
        LOG.debug("Closing {}: {}", fs.getUri(), e.getMessage());
      }
    }
    open.clear();
  }
}
