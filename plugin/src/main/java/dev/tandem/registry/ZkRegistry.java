package dev.tandem.registry;

import dev.tandem.engine.GroupLock;
import dev.tandem.engine.Registry;
import dev.tandem.engine.WriterFence;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CommitStateUnknownException;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.GroupName;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.ScrubProgress;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A site's registry in ZooKeeper through Curator. Znodes stay small (one JSON record each); run history is
 * capped per group. Connection trouble surfaces as {@link PeerUnavailableException}, a lost race as
 * {@link ConflictException}.
 */
public final class ZkRegistry implements Registry {
  private static final int LISTING_ATTEMPTS = 3;
  private enum State { LATENT, STARTED, CLOSED }

  private final CuratorFramework client;
  private final boolean ownsClient;
  private final RegistryPaths paths;
  private final String label;
  private final int runHistory;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

  private ZkRegistry(CuratorFramework client, boolean ownsClient, String root, String label, int runHistory) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.paths = new RegistryPaths(root);
    this.label = label;
    this.runHistory = runHistory;
  }

  /** Connects to {@code connect} (a ZooKeeper connect string); the registry owns and closes the client. */
  public static ZkRegistry connect(String connect, String root, String label) {
    CuratorFramework client = ZkClients.builder(connect, root)
        .retryPolicy(new ExponentialBackoffRetry(200, 3))
        .sessionTimeoutMs(15_000)
        .connectionTimeoutMs(5_000)
        .build();
    ZkRegistry registry = new ZkRegistry(client, true, root, label, 50);
    registry.start();
    return registry;
  }

  private void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    if (ownsClient) {
      client.start();
    }
    try {
      if (!client.blockUntilConnected(10, TimeUnit.SECONDS)) {
        close();
        throw new PeerUnavailableException("Registry of " + label + " (ZooKeeper "
            + client.getZookeeperClient().getCurrentConnectionString() + ") is not reachable", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnavailableException("Interrupted while connecting to the registry of " + label, e);
    }
  }

  public CuratorFramework client() {
    return client;
  }

  public RegistryPaths paths() {
    return paths;
  }

  @Override
  public void putSite(Site site) {
    put(paths.site(site.id()), site);
  }

  @Override
  public Optional<Site> site(SiteId id) {
    return get(paths.site(id), Site.class);
  }

  @Override
  public List<Site> sites() {
    return children(paths.sites(), Site.class);
  }

  @Override
  public void deleteSite(SiteId id) {
    delete(paths.site(id));
  }

  @Override
  public void putPair(ClusterPair pair) {
    put(paths.pair(pair.id()), pair);
  }

  @Override
  public void deletePair(ClusterPair pair) {
    delete(paths.pair(pair.id()));
  }

  @Override
  public List<ClusterPair> pairs() {
    return children(paths.pairs(), ClusterPair.class);
  }

  @Override
  public void putGroup(ProtectionGroup group) {
    put(paths.group(group.name()), group);
  }

  @Override
  public Optional<ProtectionGroup> group(GroupName name) {
    return get(paths.group(name), ProtectionGroup.class);
  }

  @Override
  public List<ProtectionGroup> groups() {
    return children(paths.groups(), ProtectionGroup.class);
  }

  @Override
  public void deleteGroup(GroupName name) {
    delete(paths.group(name));
  }

  @Override
  public void putCut(Cut cut) {
    put(paths.cut(cut.group(), cut.id()), cut);
  }

  @Override
  public Optional<Cut> cut(GroupName group, CutId id) {
    return get(paths.cut(group, id), Cut.class);
  }

  @Override
  public List<Cut> cuts(GroupName group) {
    List<Cut> cuts = new ArrayList<>(children(paths.cuts(group), Cut.class));
    cuts.sort(Comparator.comparing(Cut::id));
    return cuts;
  }

  @Override
  public void deleteCut(GroupName group, CutId id) {
    delete(paths.cut(group, id));
  }

  @Override
  public Optional<CutId> lastGoodCut(GroupName group) {
    return get(paths.lastGoodCut(group), CutId.class);
  }

  @Override
  public void moveLastGoodCut(GroupName group, Optional<CutId> expected, CutId next) {
    String path = paths.lastGoodCut(group);
    byte[] data = RegistryCodec.write(next);
    try {
      Stat stat = new Stat();
      Optional<CutId> current;
      try {
        current = Optional.of(RegistryCodec.read(client.getData().storingStatIn(stat).forPath(path), CutId.class, path));
      } catch (KeeperException.NoNodeException e) {
        current = Optional.empty();
      }
      if (current.equals(Optional.of(next))) {
        return; // a retried commit that already landed
      }
      if (!current.equals(expected)) {
        throw new ConflictException("Last good cut of group " + group + " on " + label + " is "
            + current.map(CutId::value).orElse("none") + ", expected " + expected.map(CutId::value).orElse("none"));
      }
      if (current.isEmpty()) {
        client.create().creatingParentsIfNeeded().forPath(path, data);
      } else {
        client.setData().withVersion(stat.getVersion()).forPath(path, data);
      }
    } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
      throw new ConflictException("Last good cut of group " + group + " on " + label + " changed concurrently");
    } catch (KeeperException.ConnectionLossException e) {
      throw new CommitStateUnknownException("Connection to the registry of " + label
          + " was lost while committing cut " + next + " of group " + group, e);
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("commit the last good cut of " + group, e);
    }
  }

  @Override
  public void putRun(Run run) {
    put(paths.run(run.group(), run.id()), run);
    try {
      List<String> ids = new ArrayList<>(client.getChildren().forPath(paths.runs(run.group())));
      ids.sort(Comparator.reverseOrder());
      for (String old : ids.subList(Math.min(ids.size(), runHistory), ids.size())) {
        delete(paths.run(run.group(), old));
      }
    } catch (Exception e) {
      throw unavailable("prune runs of " + run.group(), e);
    }
  }

  @Override
  public Optional<Run> run(GroupName group, String runId) {
    return get(paths.run(group, runId), Run.class);
  }

  @Override
  public List<Run> runs(GroupName group, int limit) {
    List<Run> runs = new ArrayList<>(children(paths.runs(group), Run.class));
    runs.sort(Comparator.comparing(Run::id).reversed());
    return runs.subList(0, Math.min(limit, runs.size()));
  }

  @Override
  public ScrubProgress scrubProgress(GroupName group) {
    return get(paths.scrub(group), ScrubProgress.class).orElse(ScrubProgress.NONE);
  }

  @Override
  public void putScrubProgress(GroupName group, ScrubProgress progress) {
    put(paths.scrub(group), progress);
  }

  @Override
  public Optional<DrTest> drTest(GroupName group) {
    return get(paths.drTest(group), DrTest.class);
  }

  @Override
  public void createDrTest(DrTest test) {
    String path = paths.drTest(test.group());
    try {
      // No parents created: the group's node holds its configuration, and an empty one would not parse.
      client.create().forPath(path, RegistryCodec.write(test));
    } catch (KeeperException.NodeExistsException e) {
      throw new ConflictException("A DR test of group " + test.group() + " is active on " + label
          + drTest(test.group()).map(t -> " (cut " + t.cut() + ", started " + t.startedAt() + " by " + t.startedBy()
              + ")").orElse("") + "; stop it first");
    } catch (KeeperException.NoNodeException e) {
      throw new NotFoundException("Group " + test.group() + " is not in the registry of " + label);
    } catch (Exception e) {
      throw unavailable("record the DR test of " + test.group(), e);
    }
  }

  @Override
  public void putDrTest(DrTest test) {
    put(paths.drTest(test.group()), test);
  }

  @Override
  public void deleteDrTest(GroupName group) {
    delete(paths.drTest(group));
  }

  @Override
  public GroupLock lock(GroupName group) {
    return new ZkGroupLock(client, paths.lock(group), group);
  }

  @Override
  public WriterFence fence(GroupName group) {
    return new ZkWriterFence(client, paths.fenceRaised(group), paths.fenceWriters(group), group);
  }

  @Override
  public WriterFence.Writers writers(GroupName group) {
    return new ZkWriterFence(client, paths.fenceRaised(group), paths.fenceWriters(group), group);
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.STARTED && ownsClient) {
      client.close();
    }
  }

  private void put(String path, Object value) {
    byte[] data = RegistryCodec.write(value);
    try {
      try {
        client.setData().forPath(path, data);
      } catch (KeeperException.NoNodeException e) {
        client.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
      }
    } catch (Exception e) {
      throw unavailable("write " + path, e);
    }
  }

  private <T> Optional<T> get(String path, Class<T> type) {
    try {
      return Optional.of(RegistryCodec.read(client.getData().forPath(path), type, path));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("read " + path, e);
    }
  }

  /**
   * Every child's record. A child that vanishes between the listing and its read makes the listing start over
   * (a few times at most): a rename in one transaction, such as a switchover rewriting east--west as west--east,
   * must not look to a reader as if the record were gone.
   */
  private <T> List<T> children(String parent, Class<T> type) {
    try {
      List<T> out = new ArrayList<>();
      for (int attempt = 0; attempt < LISTING_ATTEMPTS; attempt++) {
        out.clear();
        boolean vanished = false;
        for (String child : client.getChildren().forPath(parent)) {
          Optional<T> value = get(parent + "/" + child, type);
          value.ifPresent(out::add);
          vanished |= value.isEmpty();
        }
        if (!vanished) {
          break;
        }
      }
      return out;
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("list " + parent, e);
    }
  }

  private void delete(String path) {
    try {
      client.delete().guaranteed().deletingChildrenIfNeeded().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // already gone: deletes are idempotent
    } catch (Exception e) {
      throw unavailable("delete " + path, e);
    }
  }

  private PeerUnavailableException unavailable(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Registry of " + label + ": cannot " + what + ": " + e.getMessage(), e);
  }
}
