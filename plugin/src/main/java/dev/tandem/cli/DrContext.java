package dev.tandem.cli;

import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.PairKey;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.AuditStore;
import dev.tandem.model.TandemException;
import dev.tandem.registry.ZkAuditStore;
import dev.tandem.engine.Registry;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.hdfs.DirectCopyLimits;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.registry.ZkArbitrationStore;
import dev.tandem.registry.ZkRegistry;
import dev.tandem.runtime.HadoopSiteConnections;
import dev.tandem.switchover.Switchover;
import java.io.File;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The clients a disaster-recovery verb needs, opened from the first registry that answers: the pair and its
 * sites are read from it, then each site's registry and file system are reached at the addresses recorded there.
 */
final class DrContext implements AutoCloseable {
  final PairKey pair;
  final Map<SiteId, Site> sites = new LinkedHashMap<>();
  final Map<SiteId, ArbitrationStore> stores = new LinkedHashMap<>();
  private final HadoopSiteConnections connections;
  private final Switchover switchover;
  private final Map<SiteId, ZkAuditStore> auditStores = new LinkedHashMap<>();
  private final AuditLog audit;

  DrContext(DrOptions o) {
    CliZkSecurity.apply();
    Registry seed = seed(o);
    try {
      this.pair = pair(o, seed);
      for (SiteId id : List.of(pair.first(), pair.second())) {
        sites.put(id, seed.site(id).orElseThrow(() -> new NotFoundException("Site '" + id + "' is not in the registry")));
      }
    } finally {
      seed.close();
    }
    for (Site s : sites.values()) {
      ZkArbitrationStore store = ZkArbitrationStore.connect(s.id(), s.registryConnect(), o.root, Duration.ofSeconds(15),
          Duration.ofSeconds(3));
      store.awaitConnected(Duration.ofSeconds(5));
      stores.put(s.id(), store);
    }
    // The verbs act on the registries directly, not through a server: they record their own audit entries, in
    // both sites' registries (the first site's copy names the other when it could not be written there).
    for (Site s : sites.values()) {
      auditStores.put(s.id(), ZkAuditStore.connect(s.registryConnect(), o.root, "site " + s.id()));
    }
    List<SiteId> ids = List.copyOf(auditStores.keySet());
    Map<String, AuditStore> others = Map.of(ids.get(1).value(), auditStores.get(ids.get(1)));
    this.audit = new AuditLog(ids.get(0).value(), auditStores.get(ids.get(0)), () -> others, Clock.systemUTC(),
        AuditLog.RETENTION_DEFAULT);
    Configuration conf = new Configuration();
    // Promotion touches both metastores; a hive-site.xml on the class path says whether they need Kerberos.
    conf.addResource("hive-site.xml");
    dev.tandem.hive.HmsClient.secure(dev.tandem.server.ServerConfiguration.metastoreSecurity(conf));
    Configuration jobConf = new Configuration(conf);
    if (o.localJobs) {
      jobConf.set("mapreduce.framework.name", "local");
      try {
        jobConf.set("hadoop.tmp.dir", Files.createTempDirectory("tandem-jobs").toFile().getAbsolutePath());
      } catch (java.io.IOException e) {
        jobConf.set("hadoop.tmp.dir", new File(System.getProperty("java.io.tmpdir"), "tandem-jobs").getPath());
      }
    }
    this.connections = new HadoopSiteConnections(conf, jobConf, o.root, DirectCopyLimits.DEFAULT, 8);
    this.switchover = new Switchover(connections, sites::get, stores::get, Clock.systemUTC(), RunOptions.defaults(),
        RunListener.NONE, o.timeout, "tandem CLI (" + System.getProperty("user.name") + ")");
  }

  Switchover switchover() {
    return switchover;
  }

  /** Runs a verb on the pair and records it, with its outcome, as an action of the OS user through the CLI. */
  <T> T audited(String verb, Map<String, String> parameters, java.util.function.Supplier<T> work) {
    try {
      T result = work.get();
      record("cli." + verb, parameters, true, null);
      return result;
    } catch (TandemException e) {
      record("cli." + verb, parameters, false, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      record("cli." + verb, parameters, false, e.getClass().getSimpleName() + ": " + e.getMessage());
      throw e;
    }
  }

  /** An arbiter run by the CLI promoted a site. */
  void recordDecision(String arbiter, dev.tandem.arbiter.Epoch from, dev.tandem.arbiter.Epoch to) {
    audit.record(AuditLog.Action.promotion(arbiter, pair, from, to));
  }

  private void record(String action, Map<String, String> parameters, boolean ok, String error) {
    try {
      audit.record(new AuditLog.Action(System.getProperty("user.name"), "cli", action, "pair " + pair, null,
          parameters, 0, ok, error));
    } catch (RuntimeException e) {
      // the verb's own outcome matters more than its audit entry, which the dev.tandem.audit log line still has
    }
  }

  private static Registry seed(DrOptions o) {
    PeerUnavailableException last = null;
    for (String connect : o.registries) {
      try {
        return ZkRegistry.connect(connect, o.root, "registry " + connect);
      } catch (PeerUnavailableException e) {
        last = e;
      }
    }
    throw new PeerUnavailableException("No registry answered (" + String.join(", ", o.registries) + ")", last);
  }

  private static PairKey pair(DrOptions o, Registry seed) {
    if (o.pair != null) {
      return PairKey.parse(o.pair);
    }
    List<ClusterPair> pairs = seed.pairs();
    InvalidInputException.check(pairs.size() == 1, "pair", "The registry knows %d pairs: name one with --pair",
        pairs.size());
    return PairKey.of(pairs.get(0));
  }

  @Override
  public void close() {
    stores.values().forEach(ArbitrationStore::close);
    auditStores.values().forEach(ZkAuditStore::close);
    connections.close();
  }
}
