package dev.tandem.metastore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One metastore's side of the cuts' metadata fences (the plugin's {@code ZkMetastoreFence} is the control plane's
 * side; {@link FencePaths} is the layout both follow).
 *
 * <p>A metastore write costs no registry round trip: the watch keeps the raised fences in memory (a watch on
 * {@code metastore-fences}) and counts the metastore's in-flight writes locally. The metastore is registered
 * under {@code metastore-instances}; when a fence appears, the watch waits for the in-flight writes on the
 * fence's objects that began before it saw the fence, then confirms under {@code metastore-acks/<group>}. The
 * control plane takes the cut once every registered metastore has confirmed. A write that begins after the
 * watch saw the fence finds it and waits, so every write on a fenced object is either confirmed finished or
 * held until the fence is lowered.
 *
 * <p>While the registry is unreachable, writes wait (then are refused): a metastore that cannot see fences
 * must not accept writes a cut may be waiting for. A metastore whose session expired is no longer registered,
 * so no cut waits for it; it resumes after re-registering and re-reading the fences.
 */
public final class MetastoreFenceWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreFenceWatch.class);

  /** The objects a fence holds, decoded once from the fence's data. */
  public interface Scope {
    /** @param table null for a change of the database itself */
    boolean covers(String database, String table);
  }

  /** A registration of a write, ended by {@link #close}. */
  public interface Write extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Fence {
    final long czxid;
    final Scope scope;

    Fence(long czxid, Scope scope) {
      this.czxid = czxid;
      this.scope = scope;
    }
  }

  /** Identity equality on purpose: every write is its own entry. */
  private static final class InFlight {
    final long seq;
    final String database;
    final String table;

    InFlight(long seq, String database, String table) {
      this.seq = seq;
      this.database = database;
      this.table = table;
    }
  }

  private final CuratorFramework client;
  private final FencePaths paths;
  private final Function<byte[], Scope> decode;
  private final boolean ownsClient;
  private final String instance = UUID.randomUUID().toString();
  private final PersistentNode registration;
  private final Object lock = new Object();
  /** The fences seen, by group; replaced as a whole under {@link #lock}. */
  private volatile Map<String, Fence> fences = Collections.emptyMap();
  /** This metastore's writes in progress; guarded by {@link #lock}. */
  private final Set<InFlight> inFlight = new HashSet<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tandem-metastore-fence");
    t.setDaemon(true);
    return t;
  });
  private final CuratorWatcher fencesChanged = event -> refreshLater();
  /** Serialises reads of the fences: an older read must not replace a newer one. */
  private final Object reading = new Object();
  private final ConnectionStateListener connection = this::connectionChanged;
  /** Whether the fences in memory are the registry's: false while disconnected, until re-read. */
  private volatile boolean current;
  private volatile boolean closed;

  /**
   * @param decode the objects a fence's data holds
   * @param ownsClient close the client with the watch (the metastore listener's own connection)
   */
  public MetastoreFenceWatch(CuratorFramework client, FencePaths paths, Function<byte[], Scope> decode,
      boolean ownsClient) {
    this.client = client;
    this.paths = paths;
    this.decode = decode;
    this.ownsClient = ownsClient;
    this.registration = new PersistentNode(client, CreateMode.EPHEMERAL, false,
        paths.metastoreInstance(instance), new byte[0]);
  }

  /** Registers the metastore and reads the fences; waits up to {@code timeout} for the registry. */
  public MetastoreFenceWatch start(Duration timeout) {
    client.getConnectionStateListenable().addListener(connection);
    registration.start();
    try {
      if (!registration.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new RegistryUnavailableException("Registry: cannot register the metastore under "
            + paths.metastoreInstances() + " within " + timeout.toMillis() + " ms", null);
      }
      refresh();
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("Registry: interrupted while registering the metastore", e);
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (Exception e) {
      throw new RegistryUnavailableException("Registry: cannot read the metastore fences: " + e.getMessage(), e);
    }
  }

  /** This metastore's name under {@code metastore-instances}. */
  public String instance() {
    return instance;
  }

  /**
   * Registers a write of {@code database}.{@code table} (table null: the database itself), waiting up to
   * {@code wait} while a fence holds it or while the registry cannot be read. Throws
   * {@link FenceHeldException} when held longer, {@link RegistryUnavailableException} when the registry stays
   * away.
   */
  public Write begin(final String database, final String table, final Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      final InFlight w;
      String blocking;
      synchronized (lock) {
        if (!current) {
          awaitChange(deadline, () -> new RegistryUnavailableException("Registry: the metastore fences cannot be read "
              + "(registry unreachable); write of " + name(database, table) + " not started within "
              + wait.toMillis() + " ms", null));
          continue;
        }
        // Registered before the fences are read: a confirmation that starts after this sees the write.
        w = new InFlight(sequence.incrementAndGet(), database, table);
        inFlight.add(w);
        blocking = blockingGroup(fences, database, table);
        if (blocking != null) {
          inFlight.remove(w);
          lock.notifyAll();
          final String group = blocking;
          awaitChange(deadline, () -> new FenceHeldException("Metastore objects are fenced for a cut of group "
              + group + "; write of " + name(database, table) + " not started within " + wait.toMillis() + " ms"));
          continue;
        }
      }
      return () -> {
        synchronized (lock) {
          if (inFlight.remove(w)) {
            lock.notifyAll();
          }
        }
      };
    }
  }

  private static String blockingGroup(Map<String, Fence> fences, String database, String table) {
    for (Map.Entry<String, Fence> e : fences.entrySet()) {
      if (e.getValue().scope.covers(database, table)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Waits (holding {@link #lock}) for the fences or the in-flight writes to change. */
  private void awaitChange(long deadline, Supplier<RuntimeException> timedOut) {
    long left = deadline - System.nanoTime();
    if (left <= 0 || closed) {
      throw timedOut.get();
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timedOut.get();
    }
  }

  private void connectionChanged(CuratorFramework c, ConnectionState state) {
    if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
      synchronized (lock) {
        current = false;
        lock.notifyAll();
      }
      LOG.warn("Metastore fence watch: registry connection {}; metastore writes wait until it is back", state);
    } else if (state == ConnectionState.RECONNECTED) {
      refreshLater();
    }
  }

  private void refreshLater() {
    try {
      background.execute(this::refreshQuietly);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void refreshQuietly() {
    if (closed) {
      return;
    }
    try {
      refresh();
    } catch (Exception e) {
      // The next watch event or reconnection reads again; until then writes wait (current stays false).
      LOG.warn("Metastore fence watch: cannot read the fences: {}", e.getMessage());
    }
  }

  /** Re-reads the fences (and re-arms the watch), then confirms each of them. */
  private void refresh() throws Exception {
    synchronized (reading) {
      read();
    }
  }

  private void read() throws Exception {
    List<String> groups;
    try {
      groups = client.getChildren().usingWatcher(fencesChanged).forPath(paths.metastoreFences());
    } catch (KeeperException.NoNodeException e) {
      client.createContainers(paths.metastoreFences());
      groups = client.getChildren().usingWatcher(fencesChanged).forPath(paths.metastoreFences());
    }
    Map<String, Fence> seen = new HashMap<>();
    Map<String, Fence> before = fences;
    for (String group : groups) {
      Fence known = before.get(group);
      Stat stat = new Stat();
      byte[] data;
      try {
        data = client.getData().storingStatIn(stat).forPath(paths.metastoreFences() + "/" + group);
      } catch (KeeperException.NoNodeException e) {
        continue;
      }
      seen.put(group, known != null && known.czxid == stat.getCzxid() ? known
          : new Fence(stat.getCzxid(), decode.apply(data)));
    }
    final long start;
    synchronized (lock) {
      fences = Collections.unmodifiableMap(new HashMap<>(seen));
      // A write numbered after this saw the fences above.
      start = sequence.incrementAndGet();
      current = true;
      lock.notifyAll();
    }
    for (final Map.Entry<String, Fence> e : seen.entrySet()) {
      // Confirmed again after every read: an expired session took its confirmations along.
      try {
        background.execute(() -> confirm(e.getKey(), e.getValue(), start));
      } catch (RejectedExecutionException closing) {
        return;
      }
    }
    for (String group : before.keySet()) {
      if (!seen.containsKey(group)) {
        deleteQuietly(paths.metastoreAck(group, instance));
      }
    }
  }

  /** Waits for the writes on the fence's objects begun before {@code start}, then confirms the fence. */
  private void confirm(String group, Fence fence, long start) {
    synchronized (lock) {
      while (!closed && fences.get(group) == fence && inFlight.stream()
          .anyMatch(w -> w.seq < start && fence.scope.covers(w.database, w.table))) {
        try {
          lock.wait(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (closed || fences.get(group) != fence) {
        return;
      }
    }
    String ack = paths.metastoreAck(group, instance);
    byte[] data = Long.toString(fence.czxid).getBytes(StandardCharsets.UTF_8);
    try {
      try {
        client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(ack, data);
      } catch (KeeperException.NodeExistsException e) {
        client.setData().forPath(ack, data);
      }
    } catch (Exception e) {
      // The control plane's cut times out instead; a later read of the fences confirms again.
      LOG.warn("Metastore fence watch: cannot confirm the fence of group {}: {}", group, e.getMessage());
    }
  }

  private void deleteQuietly(String path) {
    try {
      client.delete().forPath(path);
    } catch (Exception e) {
      // gone already, or with the session
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    client.getConnectionStateListenable().removeListener(connection);
    try {
      registration.close();
    } catch (Exception e) {
      // the session's end removes it too
    }
    background.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  private static String name(String database, String table) {
    return table == null ? "database " + database : database + "." + table;
  }
}
