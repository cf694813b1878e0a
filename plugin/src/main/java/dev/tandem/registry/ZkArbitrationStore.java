package dev.tandem.registry;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.arbiter.Verdict;
import dev.tandem.arbiter.Versioned;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CommitStateUnknownException;
import dev.tandem.model.ConflictException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * Arbitration state in a site's ZooKeeper (see {@link RegistryPaths#arbitration}). Calls fail fast while the
 * connection is down, so that a loop serving two registries is never held up by the one that is gone.
 */
public final class ZkArbitrationStore implements ArbitrationStore {
  private enum State { LATENT, STARTED, CLOSED }

  private static final int REPORTS_KEPT = 50;

  private final SiteId site;
  private final CuratorFramework client;
  private final boolean ownsClient;
  private final RegistryPaths paths;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private volatile boolean connected;

  private ZkArbitrationStore(SiteId site, CuratorFramework client, boolean ownsClient, String root) {
    this.site = site;
    this.client = client;
    this.ownsClient = ownsClient;
    this.paths = new RegistryPaths(root);
  }

  /**
   * A store with its own client. {@code sessionTimeout} bounds how long an arbiter's endorsements outlive it;
   * {@code connectionTimeout} how long one call may wait for a connection that is coming back. The store
   * starts connecting at once and does not wait: use {@link #awaitConnected}.
   */
  public static ZkArbitrationStore connect(SiteId site, String connect, String root, Duration sessionTimeout,
      Duration connectionTimeout) {
    CuratorFramework client = ZkClients.builder(connect, root)
        .sessionTimeoutMs((int) sessionTimeout.toMillis())
        .connectionTimeoutMs((int) connectionTimeout.toMillis())
        .retryPolicy(new RetryNTimes(1, 100))
        .build();
    ZkArbitrationStore store = new ZkArbitrationStore(site, client, true, root);
    store.start();
    return store;
  }

  /** A store over a client someone else started and closes. */
  public static ZkArbitrationStore over(SiteId site, CuratorFramework client, String root) {
    ZkArbitrationStore store = new ZkArbitrationStore(site, client, false, root);
    store.start();
    return store;
  }

  private void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    client.getConnectionStateListenable().addListener((c, s) -> onConnection(s));
    if (ownsClient) {
      client.start();
    }
    connected = client.getZookeeperClient().isConnected();
  }

  private void onConnection(ConnectionState s) {
    Connection c = switch (s) {
      case CONNECTED -> Connection.CONNECTED;
      case RECONNECTED -> Connection.RECONNECTED;
      case SUSPENDED -> Connection.SUSPENDED;
      case LOST -> Connection.LOST;
      case READ_ONLY -> Connection.SUSPENDED; // read-only mode cannot take the writes arbitration needs
    };
    connected = c == Connection.CONNECTED || c == Connection.RECONNECTED;
    for (Listener l : listeners) {
      l.connectionChanged(site, c);
    }
  }

  @Override
  public SiteId site() {
    return site;
  }

  @Override
  public boolean connected() {
    return connected && state.get() == State.STARTED;
  }

  @Override
  public boolean awaitConnected(Duration wait) {
    try {
      return client.blockUntilConnected((int) Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)
          && (connected = true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  @Override
  public Optional<Versioned<Epoch>> epoch(PairKey pair) {
    return read(paths.epoch(pair.value()), Epoch.class, hint(pair));
  }

  /** A one-shot watch that tells the listeners to look again. */
  private CuratorWatcher hint(PairKey pair) {
    return event -> {
      if (event.getType() != Watcher.Event.EventType.None) {
        listeners.forEach(l -> l.changed(site, pair));
      }
    };
  }

  @Override
  public Versioned<Epoch> initialize(PairKey pair, Epoch first) {
    String path = paths.epoch(pair.value());
    ensureConnected("initialise the epoch of " + pair);
    try {
      client.create().creatingParentsIfNeeded().forPath(path, RegistryCodec.write(first));
    } catch (KeeperException.NodeExistsException e) {
      // someone was first: theirs stands
    } catch (Exception e) {
      throw failed("initialise the epoch of " + pair, e);
    }
    return epoch(pair).orElseThrow(() -> new ConflictException("Epoch of " + pair + " on " + label()
        + " vanished while it was initialised"));
  }

  @Override
  public Versioned<Epoch> replaceEpoch(PairKey pair, int expectedVersion, Epoch next, Optional<StatusCheck> unchanged) {
    List<CuratorOp> ops = new ArrayList<>();
    try {
      if (unchanged.isPresent()) {
        ops.addAll(statusCheck(pair, unchanged.get()));
      }
      ops.add(epochWrite(pair, expectedVersion, next));
    } catch (Exception e) {
      throw failed("prepare the epoch change of " + pair, e);
    }
    return commitEpoch(pair, ops, next);
  }

  @Override
  public Versioned<Epoch> replaceEpochAndDirection(PairKey pair, int expectedVersion, Epoch next,
      ClusterPair direction) {
    ensureConnected("change the direction of " + pair);
    List<CuratorOp> ops = new ArrayList<>();
    try {
      ensureExists(paths.pairs());
      ops.add(epochWrite(pair, expectedVersion, next));
      for (ClusterPair old : List.of(direction, direction.reversed())) {
        if (client.checkExists().forPath(paths.pair(old.id())) != null) {
          ops.add(client.transactionOp().delete().forPath(paths.pair(old.id())));
        }
      }
      ops.add(client.transactionOp().create().forPath(paths.pair(direction.id()), RegistryCodec.write(direction)));
      for (String child : children(paths.groups())) {
        String path = paths.groups() + "/" + child;
        Stat stat = new Stat();
        ProtectionGroup g = RegistryCodec.read(client.getData().storingStatIn(stat).forPath(path),
            ProtectionGroup.class, path);
        if (PairKey.of(g.pair()).equals(pair) && !g.pair().equals(direction)) {
          ProtectionGroup flipped = new ProtectionGroup(g.name(), direction, g.dataSets(), g.schedule(), g.retention(),
              g.snapshots(), g.enabled(), g.hiveFencing());
          ops.add(client.transactionOp().setData().withVersion(stat.getVersion())
              .forPath(path, RegistryCodec.write(flipped)));
        }
      }
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw failed("prepare the direction change of " + pair, e);
    }
    return commitEpoch(pair, ops, next);
  }

  private CuratorOp epochWrite(PairKey pair, int expectedVersion, Epoch next) throws Exception {
    String path = paths.epoch(pair.value());
    byte[] data = RegistryCodec.write(next);
    return expectedVersion < 0
        ? client.transactionOp().create().forPath(path, data)
        : client.transactionOp().setData().withVersion(expectedVersion).forPath(path, data);
  }

  private List<CuratorOp> statusCheck(PairKey pair, StatusCheck check) throws Exception {
    String path = paths.siteStatus(pair.value(), check.site());
    if (check.version() < 0) {
      // ZooKeeper has no "check absent": creating and deleting the node in the same transaction fails exactly
      // when it exists.
      return List.of(client.transactionOp().create().forPath(path, new byte[0]),
          client.transactionOp().delete().forPath(path));
    }
    return List.of(client.transactionOp().check().withVersion(check.version()).forPath(path));
  }

  private Versioned<Epoch> commitEpoch(PairKey pair, List<CuratorOp> ops, Epoch next) {
    String path = paths.epoch(pair.value());
    ensureConnected("change the epoch of " + pair);
    try {
      ensureExists(paths.siteStatuses(pair.value()));
    } catch (Exception e) {
      throw failed("prepare the epoch change of " + pair, e);
    }
    try {
      var results = client.transaction().forOperations(ops);
      for (var r : results) {
        if (path.equals(r.getForPath()) && r.getResultStat() != null) {
          return new Versioned<>(next, r.getResultStat().getVersion());
        }
      }
      // create() results carry no stat: read it back
      return epoch(pair).filter(v -> v.value().equals(next)).orElseThrow(() ->
          new ConflictException("Epoch of " + pair + " on " + label() + " changed right after it was written"));
    } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
        | KeeperException.NoNodeException e) {
      throw new ConflictException("Epoch of " + pair + " on " + label() + " changed concurrently; re-read it");
    } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException e) {
      throw new CommitStateUnknownException("Connection to " + label() + " was lost while writing " + next
          + "; its outcome is unknown", e);
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw failed("change the epoch of " + pair, e);
    }
  }

  @Override
  public Optional<Versioned<SiteStatus>> status(PairKey pair, SiteId of) {
    return read(paths.siteStatus(pair.value(), of), SiteStatus.class, null);
  }

  @Override
  public void publishStatus(PairKey pair, SiteStatus status, OptionalInt epochVersion) {
    String path = paths.siteStatus(pair.value(), status.site());
    byte[] data = RegistryCodec.write(status);
    ensureConnected("publish the status of " + status.site());
    try {
      if (epochVersion.isEmpty()) {
        put(path, data);
        return;
      }
      ensureExists(paths.siteStatuses(pair.value()));
      boolean exists = client.checkExists().forPath(path) != null;
      client.transaction().forOperations(
          client.transactionOp().check().withVersion(epochVersion.getAsInt()).forPath(paths.epoch(pair.value())),
          exists ? client.transactionOp().setData().forPath(path, data)
              : client.transactionOp().create().forPath(path, data));
    } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
      throw new ConflictException("Epoch of " + pair + " on " + label() + " is no longer version "
          + epochVersion.getAsInt());
    } catch (KeeperException.NodeExistsException e) {
      throw new ConflictException("Status of " + status.site() + " on " + label() + " was created concurrently");
    } catch (Exception e) {
      throw failed("publish the status of " + status.site(), e);
    }
  }

  @Override
  public void putVerdict(PairKey pair, Verdict verdict) {
    String path = paths.verdict(pair.value(), verdict.arbiter());
    byte[] data = RegistryCodec.write(verdict);
    ensureConnected("endorse " + verdict.active());
    try {
      try {
        client.setData().forPath(path, data);
      } catch (KeeperException.NoNodeException e) {
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
      }
    } catch (Exception e) {
      throw failed("endorse " + verdict.active(), e);
    }
  }

  @Override
  public List<Verdict> verdicts(PairKey pair) {
    List<Verdict> out = new ArrayList<>();
    for (String child : children(paths.verdicts(pair.value()))) {
      read(paths.verdict(pair.value(), child), Verdict.class, hint(pair)).ifPresent(v -> out.add(v.value()));
    }
    return out;
  }

  @Override
  public Optional<ArbitrationSettings> settings(PairKey pair) {
    return read(paths.arbitrationSettings(pair.value()), ArbitrationSettings.class, null).map(Versioned::value);
  }

  @Override
  public void putSettings(PairKey pair, ArbitrationSettings settings) {
    ensureConnected("store the arbitration settings of " + pair);
    try {
      put(paths.arbitrationSettings(pair.value()), RegistryCodec.write(settings));
    } catch (Exception e) {
      throw failed("store the arbitration settings of " + pair, e);
    }
  }

  @Override
  public void putReport(PairKey pair, SwitchReport report) {
    ensureConnected("record report " + report.id());
    try {
      put(paths.switchReport(pair.value(), report.id()), RegistryCodec.write(report));
      List<String> ids = new ArrayList<>(children(paths.switchReports(pair.value())));
      ids.sort(Comparator.comparing(ZkArbitrationStore::reportOrder).reversed());
      for (String old : ids.subList(Math.min(ids.size(), REPORTS_KEPT), ids.size())) {
        client.delete().quietly().forPath(paths.switchReport(pair.value(), old));
      }
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw failed("record report " + report.id(), e);
    }
  }

  /** Report ids end with their epoch and time, which order them whatever their kind. */
  private static String reportOrder(String id) {
    int dash = id.indexOf('-');
    return dash < 0 ? id : id.substring(dash + 1);
  }

  @Override
  public List<SwitchReport> reports(PairKey pair, int limit) {
    List<String> ids = new ArrayList<>(children(paths.switchReports(pair.value())));
    ids.sort(Comparator.comparing(ZkArbitrationStore::reportOrder).reversed());
    List<SwitchReport> out = new ArrayList<>();
    for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
      read(paths.switchReport(pair.value(), id), SwitchReport.class, null).ifPresent(v -> out.add(v.value()));
    }
    return out;
  }

  @Override
  public Held lockDecisions(PairKey pair, Duration wait) {
    ensureConnected("lock the decisions of " + pair);
    InterProcessMutex mutex = new InterProcessMutex(client, paths.decisionLock(pair.value()));
    try {
      if (!mutex.acquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ConflictException("Another arbiter is deciding about " + pair + " on " + label());
      }
    } catch (ConflictException e) {
      throw e;
    } catch (Exception e) {
      throw failed("lock the decisions of " + pair, e);
    }
    return () -> {
      try {
        mutex.release();
      } catch (Exception e) {
        // the lock node is ephemeral: it goes with the session if the release fails
      }
    };
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.STARTED && ownsClient) {
      client.close();
    }
  }

  private String label() {
    return "the registry of " + site;
  }

  private void ensureConnected(String what) {
    if (!connected()) {
      throw new PeerUnavailableException("Cannot " + what + ": " + label() + " is not connected", null);
    }
  }

  /** Transactions do not create parents: the nodes they write under must exist first. */
  private void ensureExists(String path) throws Exception {
    try {
      client.create().creatingParentsIfNeeded().forPath(path);
    } catch (KeeperException.NodeExistsException e) {
      // the usual case
    }
  }

  private void put(String path, byte[] data) throws Exception {
    try {
      client.setData().forPath(path, data);
    } catch (KeeperException.NoNodeException e) {
      client.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
    }
  }

  private <T> Optional<Versioned<T>> read(String path, Class<T> type, CuratorWatcher watcher) {
    ensureConnected("read " + path);
    try {
      Stat stat = new Stat();
      byte[] data = watcher == null ? client.getData().storingStatIn(stat).forPath(path)
          : client.getData().storingStatIn(stat).usingWatcher(watcher).forPath(path);
      return Optional.of(new Versioned<>(RegistryCodec.read(data, type, path), stat.getVersion()));
    } catch (KeeperException.NoNodeException e) {
      if (watcher != null) {
        try {
          client.checkExists().usingWatcher(watcher).forPath(path);
        } catch (Exception ignored) {
          // the watch is a hint; the next read sets it again
        }
      }
      return Optional.empty();
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw failed("read " + path, e);
    }
  }

  private List<String> children(String path) {
    ensureConnected("list " + path);
    try {
      return client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw failed("list " + path, e);
    }
  }

  private PeerUnavailableException failed(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Cannot " + what + " in " + label() + ": " + e.getMessage(), e);
  }
}
