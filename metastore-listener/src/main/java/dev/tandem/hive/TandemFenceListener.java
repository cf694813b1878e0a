package dev.tandem.hive;

import dev.tandem.metastore.FenceHeldException;
import dev.tandem.metastore.FencePaths;
import dev.tandem.metastore.FenceScope;
import dev.tandem.metastore.MetastoreFenceWatch;
import dev.tandem.metastore.RegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.MetaStoreEndFunctionContext;
import org.apache.hadoop.hive.metastore.MetaStoreEndFunctionListener;
import org.apache.hadoop.hive.metastore.MetaStorePreEventListener;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.events.PreAddPartitionEvent;
import org.apache.hadoop.hive.metastore.events.PreAlterDatabaseEvent;
import org.apache.hadoop.hive.metastore.events.PreAlterPartitionEvent;
import org.apache.hadoop.hive.metastore.events.PreAlterTableEvent;
import org.apache.hadoop.hive.metastore.events.PreCreateTableEvent;
import org.apache.hadoop.hive.metastore.events.PreDropDatabaseEvent;
import org.apache.hadoop.hive.metastore.events.PreDropPartitionEvent;
import org.apache.hadoop.hive.metastore.events.PreDropTableEvent;
import org.apache.hadoop.hive.metastore.events.PreEventContext;
import org.apache.hadoop.hive.metastore.events.PreLoadPartitionDoneEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a metastore's changes to objects a cut is being taken of. Before each DDL or partition change the
 * metastore calls {@link #onEvent}, which registers the write with the metastore's {@link MetastoreFenceWatch}
 * and waits while a fence covers its table; {@link Release} ends the registration when the call ends,
 * successful or not. A write still fenced after {@code tandem.fence.wait.ms} is rejected. The registration is
 * in memory: a write costs the metastore no registry round trip (the watch talks to the registry when fences
 * come and go).
 *
 * <p>Compiled for Java 8 against Hive 3.1's metastore API; the same classes run in Hive 4 (the plugin's
 * embedded metastores). Installation on a metastore (hive-site.xml / metastore-site.xml), with the deployable
 * jar {@code tandem-metastore-listener-<version>-shaded.jar} on its class path:
 * <pre>
 * metastore.pre.event.listeners   = dev.tandem.hive.TandemFenceListener
 * metastore.end.function.listeners = dev.tandem.hive.TandemFenceListener$Release
 * tandem.registry.connect         = zk1:2181,zk2:2181,zk3:2181   (the site's Tandem registry)
 * tandem.registry.root            = /tandem
 * tandem.fence.wait.ms            = 30000
 * tandem.zookeeper.auth           = none | digest | sasl   (optional, as the site's servers; see ListenerZkAuth)
 * </pre>
 * (Hive 3.1 also reads the older names {@code hive.metastore.pre.event.listeners} and
 * {@code hive.metastore.end.function.listeners}.)
 */
public final class TandemFenceListener extends MetaStorePreEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(TandemFenceListener.class);
  public static final String CONNECT = "tandem.registry.connect";
  public static final String ROOT = "tandem.registry.root";
  public static final String WAIT_MS = "tandem.fence.wait.ms";
  public static final long WAIT_MS_DEFAULT = 30_000;
  /** ZooKeeper identity (optional; see {@link ListenerZkAuth}): the servers' keys, read from hive-site. */
  public static final String ZK_AUTH = ListenerZkAuth.AUTH;
  public static final String ZK_DIGEST_USER = ListenerZkAuth.DIGEST_USER;
  public static final String ZK_DIGEST_SECRET = ListenerZkAuth.DIGEST_SECRET;
  public static final String ZK_SASL_IDS = ListenerZkAuth.SASL_IDS;
  public static final String ZK_SASL_METASTORE_IDS = ListenerZkAuth.SASL_METASTORE_IDS;

  /** Writes registered by the metastore thread's current call. */
  private static final ThreadLocal<List<MetastoreFenceWatch.Write>> IN_FLIGHT =
      ThreadLocal.withInitial(ArrayList::new);
  private static volatile MetastoreFenceWatch watch;

  private final Duration wait;

  public TandemFenceListener(Configuration conf) {
    super(conf);
    this.wait = Duration.ofMillis(conf.getLong(WAIT_MS, WAIT_MS_DEFAULT));
    // Register at start, not at the first change: a cut refuses to go ahead while no metastore is registered, and an
    // idle metastore must not look like one without the listener. In the background, so that a registry that is
    // slow to answer does not hold up the metastore's start; should it fail, the first change tries again.
    Thread register = new Thread(() -> {
      try {
        watch(conf);
      } catch (MetaException e) {
        LOG.warn("Tandem fence listener not registered yet ({}); the first change tries again", e.getMessage());
      }
    }, "tandem-fence-register");
    register.setDaemon(true);
    register.start();
  }

  @Override
  public void onEvent(PreEventContext context) throws MetaException {
    String[] target = target(context);
    if (target == null) {
      return;
    }
    // One registration covers the whole call: a fence raised after it waits for the call to end, so further
    // changes of the same call (a drop that drops partitions too) need no check of their own.
    if (!IN_FLIGHT.get().isEmpty()) {
      return;
    }
    try {
      MetastoreFenceWatch.Write w = watch(getConf()).begin(target[0], target[1], wait);
      IN_FLIGHT.get().add(w);
    } catch (FenceHeldException | RegistryUnavailableException e) {
      throw new MetaException("Tandem: " + e.getMessage());
    }
  }

  /** Database and table (null for database-level changes) of the change, or null when not a change. */
  static String[] target(PreEventContext c) {
    if (c instanceof PreCreateTableEvent) {
      return name(((PreCreateTableEvent) c).getTable());
    } else if (c instanceof PreAlterTableEvent) {
      return name(((PreAlterTableEvent) c).getOldTable());
    } else if (c instanceof PreDropTableEvent) {
      return name(((PreDropTableEvent) c).getTable());
    } else if (c instanceof PreAddPartitionEvent) {
      return name(((PreAddPartitionEvent) c).getTable());
    } else if (c instanceof PreDropPartitionEvent) {
      return name(((PreDropPartitionEvent) c).getTable());
    } else if (c instanceof PreAlterPartitionEvent) {
      PreAlterPartitionEvent e = (PreAlterPartitionEvent) c;
      return new String[] {e.getDbName(), e.getTableName()};
    } else if (c instanceof PreLoadPartitionDoneEvent) {
      PreLoadPartitionDoneEvent e = (PreLoadPartitionDoneEvent) c;
      return new String[] {e.getDbName(), e.getTableName()};
    } else if (c instanceof PreAlterDatabaseEvent) {
      return new String[] {((PreAlterDatabaseEvent) c).getOldDatabase().getName(), null};
    } else if (c instanceof PreDropDatabaseEvent) {
      return new String[] {((PreDropDatabaseEvent) c).getDatabase().getName(), null};
    }
    return null;
  }

  private static String[] name(Table t) {
    return new String[] {t.getDbName(), t.getTableName()};
  }

  static void release() {
    List<MetastoreFenceWatch.Write> writes = IN_FLIGHT.get();
    for (MetastoreFenceWatch.Write w : writes) {
      w.close();
    }
    writes.clear();
  }

  private static MetastoreFenceWatch watch(Configuration conf) throws MetaException {
    MetastoreFenceWatch w = watch;
    if (w == null) {
      synchronized (TandemFenceListener.class) {
        if (watch == null) {
          String connect = conf.get(CONNECT);
          if (connect == null || connect.trim().isEmpty()) {
            throw new MetaException("Tandem: " + CONNECT + " is not set; the fence listener cannot work");
          }
          String root = conf.get(ROOT, "/tandem");
          CuratorFramework client = ListenerZkAuth.apply(CuratorFrameworkFactory.builder(), conf, root)
              .connectString(connect.trim())
              .retryPolicy(new ExponentialBackoffRetry(200, 3)).sessionTimeoutMs(15_000).connectionTimeoutMs(5_000)
              .build();
          client.start();
          MetastoreFenceWatch started = new MetastoreFenceWatch(client, new FencePaths(root),
              FenceScope::decode, true);
          try {
            watch = started.start(Duration.ofMillis(conf.getLong(WAIT_MS, WAIT_MS_DEFAULT)));
          } catch (RegistryUnavailableException e) {
            started.close();
            throw new MetaException("Tandem: " + e.getMessage());
          }
        }
        w = watch;
      }
    }
    return w;
  }

  /** Closes the registry client; the metastore is shutting down. */
  public static void shutdown() {
    synchronized (TandemFenceListener.class) {
      if (watch != null) {
        watch.close();
        watch = null;
      }
    }
  }

  /** Ends the registrations of a metastore call when the call ends. */
  public static final class Release extends MetaStoreEndFunctionListener {
    public Release(Configuration conf) {
      super(conf);
    }

    @Override
    public void onEndFunction(String functionName, MetaStoreEndFunctionContext context) {
      release();
    }
  }
}
