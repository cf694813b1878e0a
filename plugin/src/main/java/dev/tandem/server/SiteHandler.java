package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.ClusterSpec;
import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import dev.tandem.server.api.ClusterSpecDto;
import dev.tandem.server.api.ConnectivityDto;
import dev.tandem.server.api.HdfsListingDto;
import dev.tandem.server.api.HiveListingDto;
import dev.tandem.server.api.PairConnectivityDto;
import dev.tandem.server.api.PairDto;
import dev.tandem.server.api.PairRequest;
import dev.tandem.server.api.SiteDto;
import dev.tandem.server.api.SiteRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sites, pairs, connectivity tests and the data-set pickers. */
public final class SiteHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SiteHandler.class);

  private final ControlPlane controlPlane;
  private final Registries registries;
  private final SiteHealthMonitor health;
  private final HdfsAccess hdfs;
  private final HiveCatalog hive;
  private final Runnable pairsChanged;

  /** @param pairsChanged told after this handler created or deleted a pair (the arbitration follows at once) */
  SiteHandler(ControlPlane controlPlane, Registries registries, SiteHealthMonitor health, HdfsAccess hdfs,
      HiveCatalog hive, Runnable pairsChanged) {
    this.controlPlane = controlPlane;
    this.registries = registries;
    this.health = health;
    this.hdfs = hdfs;
    this.hive = hive;
    this.pairsChanged = pairsChanged;
  }

  public List<SiteDto> list() {
    List<ClusterPair> pairs = registries.local().pairs();
    return registries.local().sites().stream().sorted(Comparator.comparing(s -> s.id().value()))
        .map(s -> dto(s, pairs)).toList();
  }

  public SiteDto get(String id) {
    return dto(find(id), registries.local().pairs());
  }

  Site find(String id) {
    SiteId site;
    try {
      site = SiteId.of(id);
    } catch (TandemException e) {
      throw new NotFoundException("Unknown site '" + id + "'");
    }
    return controlPlane.site(site);
  }

  /** Registers or replaces another site (this server's own site comes from its configuration). */
  public SiteDto put(String id, SiteRequest request, String user) {
    SiteId site;
    try {
      site = SiteId.of(id);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("site", e.getMessage()); // the name of the site this request would create
    }
    InvalidInputException.check(request != null, "body", "Request body is required");
    if (site.equals(registries.localId())) {
      throw new ConflictException("Site " + site + " is this server's own site; it is configured in "
          + TandemProperties.SITE_FILE);
    }
    ClusterSpec spec = registries.local().site(site).map(Site::spec).orElse(ClusterSpec.UNKNOWN);
    Site record = new Site(site, request.location(), request.fileSystemUri(), request.registryConnect(),
        request.metastoreUri(), spec);
    controlPlane.registerSite(record);
    LOG.info("User {} registered site {} ({}, registry {})", user, site, record.fileSystemUri(),
        record.registryConnect());
    return dto(record, registries.local().pairs());
  }

  /** Forgets another site; refused for this server's own site and while a pair uses it. */
  public void delete(String id, String user) {
    Site s = find(id);
    if (s.id().equals(registries.localId())) {
      throw new ConflictException("Site " + s.id() + " is this server's own site; it is configured in "
          + TandemProperties.SITE_FILE);
    }
    controlPlane.forgetSite(s.id());
    LOG.info("User {} removed site {}", user, s.id());
  }

  public ConnectivityDto connectivity(String id) {
    return health.probe(find(id));
  }

  private SiteDto dto(Site s, List<ClusterPair> pairs) {
    List<String> roles = new ArrayList<>();
    for (ClusterPair p : pairs) {
      if (p.primary().equals(s.id())) {
        roles.add("PRIMARY of " + p.id());
      } else if (p.secondary().equals(s.id())) {
        roles.add("SECONDARY of " + p.id());
      }
    }
    var observed = health.observation(s.id());
    ClusterSpec c = s.spec();
    ClusterSpecDto spec = observed.map(SiteHealthMonitor.Observation::spec).orElse(new ClusterSpecDto(c.nodes(),
        c.vcores(), c.memoryMb(), c.hdfsCapacityBytes(), c.hdfsUsedBytes(), "registry", null));
    return new SiteDto(s.id().value(), s.location(), s.id().equals(registries.localId()), s.fileSystemUri(),
        s.registryConnect(), s.metastoreUri(), roles, spec,
        observed.map(SiteHealthMonitor.Observation::health).orElse(null));
  }

  public List<PairDto> pairs() {
    List<ProtectionGroup> groups = registries.local().groups();
    return registries.local().pairs().stream().sorted(Comparator.comparing(ClusterPair::id))
        .map(p -> pairDto(p, groups)).toList();
  }

  public PairDto pair(String id) {
    return pairDto(findPair(id), registries.local().groups());
  }

  ClusterPair findPair(String id) {
    return registries.local().pairs().stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new NotFoundException("Unknown pair '" + RunHandler.printable(id)
            + "' (pairs are named <primary>--<secondary>)"));
  }

  public PairDto createPair(PairRequest request, String user) {
    InvalidInputException.check(request != null, "body", "Request body is required");
    InvalidInputException.check(request.primary() != null, "primary", "Primary site is required");
    InvalidInputException.check(request.secondary() != null, "secondary", "Secondary site is required");
    ClusterPair wanted = new ClusterPair(ApiConverter.site(request.primary(), "primary"),
        ApiConverter.site(request.secondary(), "secondary"));
    if (registries.local().pairs().contains(wanted)) {
      throw new ConflictException("Pair " + wanted.id() + " already exists");
    }
    ClusterPair pair = controlPlane.pair(wanted.primary(), wanted.secondary());
    LOG.info("User {} paired {} (primary) with {} (secondary)", user, pair.primary(), pair.secondary());
    pairsChanged.run();
    return pairDto(pair, registries.local().groups());
  }

  /** Unpairs; refused while groups still use the pair. Removed from the secondary first, then the primary. */
  public void deletePair(String id, String user) {
    ClusterPair pair = findPair(id);
    List<String> users = groupsOf(pair, registries.local().groups());
    if (!users.isEmpty()) {
      throw new ConflictException("Pair " + id + " still protects group(s) " + String.join(", ", users)
          + "; delete them first");
    }
    for (SiteId site : new java.util.LinkedHashSet<>(List.of(pair.secondary(), pair.primary(), registries.localId()))) {
      registries.of(site).deletePair(pair);
    }
    LOG.info("User {} deleted pair {}", user, id);
    pairsChanged.run();
  }

  public PairConnectivityDto pairConnectivity(String id) {
    ClusterPair pair = findPair(id);
    ConnectivityDto p = health.probe(controlPlane.site(pair.primary()));
    ConnectivityDto s = health.probe(controlPlane.site(pair.secondary()));
    return new PairConnectivityDto(pair.id(), p.ok() && s.ok(), List.of(p, s));
  }

  public HdfsListingDto hdfs(String site, String path) {
    return hdfs.list(find(site), path, registries.local().groups());
  }

  public HiveListingDto hiveDatabases(String site) {
    Site s = find(site);
    return new HiveListingDto(s.id().value(), null, hive.databases(s));
  }

  public HiveListingDto hiveTables(String site, String database) {
    Site s = find(site);
    // Validated as a data set's database is, before it reaches the metastore: '@hive#billing' is no name.
    String name = new dev.tandem.model.HiveDatabase(database).database();
    return new HiveListingDto(s.id().value(), name, hive.tables(s, name));
  }

  private static PairDto pairDto(ClusterPair p, List<ProtectionGroup> groups) {
    return new PairDto(p.id(), p.primary().value(), p.secondary().value(), groupsOf(p, groups));
  }

  private static List<String> groupsOf(ClusterPair p, List<ProtectionGroup> groups) {
    return groups.stream().filter(g -> g.pair().equals(p)).map(g -> g.name().value()).sorted().toList();
  }
}
