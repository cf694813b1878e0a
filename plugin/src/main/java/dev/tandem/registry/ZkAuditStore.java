package dev.tandem.registry;

import dev.tandem.audit.AuditEntry;
import dev.tandem.audit.AuditQuery;
import dev.tandem.audit.AuditStore;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.TandemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * A site's audit entries in its registry: {@code <root>/audit/<yyyy-MM-dd>/e-<sequence>}, one persistent
 * sequential znode per entry (its JSON), bucketed by the entry's UTC day so that retention drops whole days and a
 * listing reads only the days it asks for.
 */
public final class ZkAuditStore implements AuditStore {
  private final CuratorFramework client;
  private final boolean ownsClient;
  private final String root;
  private final String label;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Over a client someone else owns and has started (the server's own). */
  public ZkAuditStore(CuratorFramework client, RegistryPaths paths, String label) {
    this(client, false, paths.audit(), label);
  }

  private ZkAuditStore(CuratorFramework client, boolean ownsClient, String root, String label) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.root = root;
    this.label = label;
  }

  /**
   * A store with a client of its own, for another site's registry: one retry and short timeouts, because an
   * action waits for its audit entry and a peer that does not answer must cost it seconds, not minutes.
   */
  public static ZkAuditStore connect(String connect, String registryRoot, String label) {
    CuratorFramework client = ZkClients.builder(connect, registryRoot)
        .retryPolicy(new RetryOneTime(200)).sessionTimeoutMs(15_000).connectionTimeoutMs(3_000).build();
    client.start();
    return new ZkAuditStore(client, true, new RegistryPaths(registryRoot).audit(), label);
  }

  @Override
  public void append(AuditEntry entry) {
    String day = day(entry.time());
    try {
      client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
          .forPath(root + "/" + day + "/e-", RegistryCodec.write(entry));
    } catch (Exception e) {
      throw unavailable("write an audit entry", e);
    }
  }

  @Override
  public List<AuditEntry> list(AuditQuery query) {
    String first = query.since() == null ? null : day(query.since());
    String last = query.until() == null ? null : day(query.until());
    List<AuditEntry> out = new ArrayList<>();
    try {
      for (String day : children(root).stream().sorted(Comparator.reverseOrder()).toList()) {
        if ((first != null && day.compareTo(first) < 0) || (last != null && day.compareTo(last) > 0)) {
          continue;
        }
        for (String node : children(root + "/" + day).stream().sorted(Comparator.reverseOrder()).toList()) {
          AuditEntry e = read(root + "/" + day + "/" + node);
          if (e != null && query.matches(e)) {
            out.add(e);
            if (out.size() >= query.limit()) {
              return sorted(out);
            }
          }
        }
      }
      return sorted(out);
    } catch (TandemException e) {
      throw e;
    } catch (Exception e) {
      throw unavailable("list audit entries", e);
    }
  }

  @Override
  public int prune(Instant cutoff) {
    String keepFrom = day(cutoff);
    int dropped = 0;
    try {
      for (String day : children(root)) {
        if (day.compareTo(keepFrom) < 0) {
          client.delete().guaranteed().deletingChildrenIfNeeded().forPath(root + "/" + day);
          dropped++;
        }
      }
      return dropped;
    } catch (Exception e) {
      throw unavailable("prune audit entries", e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  /**
   * Within a day, znode order is the order entries reached this registry; a peer's entry may arrive a moment late,
   * so the page is ordered by the entries' own times.
   */
  private static List<AuditEntry> sorted(List<AuditEntry> entries) {
    entries.sort(Comparator.comparing(AuditEntry::time).reversed().thenComparing(AuditEntry::id));
    return entries;
  }

  private List<String> children(String path) throws Exception {
    try {
      return client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  private AuditEntry read(String path) throws Exception {
    try {
      return RegistryCodec.read(client.getData().forPath(path), AuditEntry.class, path);
    } catch (KeeperException.NoNodeException e) {
      return null; // pruned meanwhile
    }
  }

  static String day(Instant time) {
    return LocalDate.ofInstant(time, ZoneOffset.UTC).toString();
  }

  private PeerUnavailableException unavailable(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Registry of " + label + ": cannot " + what + ": " + e.getMessage(), e);
  }
}
