package dev.tandem.server;

import dev.tandem.audit.AuditStore;
import dev.tandem.engine.Registry;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkAuditStore;
import java.io.Closeable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The audit stores of the sites this site is paired with, as the local registry knows them now. A site the health
 * monitor last found unreachable maps to null: its entries are marked unreached at once instead of each action
 * waiting for a connection timeout. Clients are kept per site and address and closed with the server.
 */
final class AuditPeers implements Supplier<Map<String, AuditStore>>, Closeable {
  private final Registry local;
  private final SiteId self;
  private final String registryRoot;
  private final Predicate<SiteId> reachable;
  private final Map<String, ZkAuditStore> stores = new ConcurrentHashMap<>();

  AuditPeers(Registry local, SiteId self, String registryRoot, Predicate<SiteId> reachable) {
    this.local = local;
    this.self = self;
    this.registryRoot = registryRoot;
    this.reachable = reachable;
  }

  @Override
  public Map<String, AuditStore> get() {
    Map<String, AuditStore> out = new LinkedHashMap<>();
    for (ClusterPair p : local.pairs()) {
      SiteId peer = p.primary().equals(self) ? p.secondary() : p.secondary().equals(self) ? p.primary() : null;
      if (peer == null || out.containsKey(peer.value())) {
        continue;
      }
      Site site = local.site(peer).orElse(null);
      out.put(peer.value(), site == null || !reachable.test(peer) ? null : store(site));
    }
    return out;
  }

  private AuditStore store(Site site) {
    String key = site.id().value() + "@" + site.registryConnect();
    return stores.computeIfAbsent(key, k -> ZkAuditStore.connect(site.registryConnect(), registryRoot,
        "site " + site.id()));
  }

  @Override
  public void close() {
    new HashMap<>(stores).values().forEach(ZkAuditStore::close);
    stores.clear();
  }
}
