package dev.tandem.runtime;

import dev.tandem.engine.FileReplicator;
import dev.tandem.engine.MetastoreReplicator;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.SiteHandle;
import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.hdfs.HdfsSites;
import dev.tandem.hive.HmsMetastoreReplicator;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkMetastoreFence;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.userdata.UserDataApplier;
import dev.tandem.userdata.UserDataCapturer;
import dev.tandem.userdata.UserDataProperties;
import dev.tandem.userdata.UserDataService;
import dev.tandem.userdata.UserDataSources;
import dev.tandem.userdata.UserDataStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens HDFS and ZooKeeper clients per site once and keeps them. A site's registry lives under
 * {@code registryRoot} in that site's ZooKeeper.
 */
public final class HadoopSiteConnections implements SiteConnections {
  private static final Logger LOG = LoggerFactory.getLogger(HadoopSiteConnections.class);

  public static final String METASTORE_IMAGES = "/tandem/metastore";

  private final Configuration base;
  private final Configuration jobConf;
  private final String registryRoot;
  private final java.util.concurrent.atomic.AtomicReference<DirectCopyLimits> limits;
  private final ExecutorService pool;
  private final Map<SiteId, SiteHandle> open = new ConcurrentHashMap<>();
  private final Map<SiteId, DistributedFileSystem> fileSystems = new ConcurrentHashMap<>();
  private final Map<SiteId, UserDataSources> userDataSources = new ConcurrentHashMap<>();
  private volatile Duration hiveFullReadInterval = HmsMetastoreReplicator.DEFAULT_FULL_READ_INTERVAL;

  /**
   * @param base client configuration for every site's HDFS
   * @param jobConf configuration of DistCp jobs
   * @param threads parallel streams for checksums and in-process copies
   */
  public HadoopSiteConnections(Configuration base, Configuration jobConf, String registryRoot,
      DirectCopyLimits limits, int threads) {
    this.base = base;
    this.jobConf = jobConf;
    this.registryRoot = registryRoot;
    this.limits = new java.util.concurrent.atomic.AtomicReference<>(limits);
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tandem-io");
      t.setDaemon(true);
      return t;
    });
  }

  /** How long Hive runs may plan from the last good cut's image before reading every object again. */
  public void hiveFullReadInterval(Duration interval) {
    this.hiveFullReadInterval = interval;
  }

  @Override
  public SiteHandle open(Site site) {
    return open.computeIfAbsent(site.id(), id -> {
      DistributedFileSystem fs = fileSystem(site);
      ZkRegistry registry = ZkRegistry.connect(site.registryConnect(), registryRoot, "site " + id);
      return new SiteHandle(site, HdfsSites.snapshotStore(fs), HdfsSites.manifestReader(fs, pool), registry,
          userData(site, fs, registry));
    });
  }

  /**
   * Hive replication when both sites have a metastore. Images of each cut's metastore objects live on the
   * secondary under {@value #METASTORE_IMAGES}, outside every snapshot root.
   */
  @Override
  public MetastoreReplicator metastore(Site from, Site to) {
    if (from.metastoreUri().isBlank() || to.metastoreUri().isBlank()) {
      return MetastoreReplicator.NONE;
    }
    ZkRegistry registry = (ZkRegistry) open(from).registry();
    return new HmsMetastoreReplicator(from, to, fileSystem(to), METASTORE_IMAGES,
        new ZkMetastoreFence(registry.client(), registry.paths()), hiveFullReadInterval, Clock.systemUTC());
  }

  @Override
  public FileReplicator replicator(Site from, Site to) {
    return HdfsSites.replicator(fileSystem(from), fileSystem(to), jobConf, pool, limits.get());
  }

  @Override
  public dev.tandem.engine.RestoreFiles restoreFiles(Site site) {
    return new dev.tandem.hdfs.HdfsRestoreFiles(fileSystem(site), pool);
  }

  /** The restoring site's metastore, with the images of the cuts from the group's secondary. */
  @Override
  public java.util.Optional<dev.tandem.engine.RestoreTables> restoreTables(Site site, Site imageSite) {
    if (site.metastoreUri().isBlank() || imageSite.metastoreUri().isBlank()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new dev.tandem.hive.HmsRestoreTables(site.metastoreUri(), site.fileSystemUri(),
        fileSystem(imageSite), METASTORE_IMAGES));
  }

  /** Changes the in-process copy limits for runs that start from now on (an operator's runtime tunable). */
  public void directCopyLimits(DirectCopyLimits value) {
    limits.set(value);
  }

  /**
   * Declares where a site's user data lives besides its HDFS (its Ambari, Ranger, Hive grants). A server
   * declares its own site: its runs capture there as primary, its promotions apply there as secondary.
   */
  public void userDataSources(SiteId site, UserDataSources sources) {
    userDataSources.put(site, sources);
  }

  /** The backup user database of {@code site}, on its HDFS; the REST API's user-data operations use it. */
  public UserDataService userData(Site site) {
    return (UserDataService) open(site).userData();
  }

  private UserDataService userData(Site site, DistributedFileSystem fs, ZkRegistry registry) {
    UserDataService.Capturers capturers = id -> {
      Site at = id.equals(site.id()) ? site : registry.site(id).orElseThrow(() -> new dev.tandem.model.NotFoundException(
          "Site " + id + " is not known to the registry of " + site.id()));
      return new UserDataCapturer(id, fileSystem(at), sources(id), Clock.systemUTC(),
          base.getInt(UserDataProperties.MAX_DIRECTORIES, UserDataProperties.MAX_DIRECTORIES_DEFAULT));
    };
    UserDataStore store = new UserDataStore(fs, base.getTrimmed(UserDataProperties.DIR, UserDataProperties.DIR_DEFAULT));
    return new UserDataService(site.id(), store, registry, capturers,
        () -> new UserDataApplier(site.id(), fs, sources(site.id())), id -> Optional.ofNullable(sources(id).hive()));
  }

  private UserDataSources sources(SiteId id) {
    return userDataSources.getOrDefault(id, UserDataSources.NONE);
  }

  private DistributedFileSystem fileSystem(Site site) {
    return fileSystems.computeIfAbsent(site.id(), id -> HdfsSites.fileSystem(site.fileSystemUri(), base));
  }

  @Override
  public void close() {
    open.values().forEach(h -> h.registry().close());
    open.clear();
    for (DistributedFileSystem fs : fileSystems.values()) {
      try {
        fs.close();
      } catch (IOException e) {
        LOG.warn("Closing {}: {}", fs.getUri(), e.getMessage());
      }
    }
    fileSystems.clear();
    pool.shutdownNow();
  }
}
