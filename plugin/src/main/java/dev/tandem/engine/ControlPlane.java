package dev.tandem.engine;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The operations an operator performs, over the registry of the site this control plane runs at. Every
 * operation validates first and writes last, so a rejected request changes nothing.
 */
public final class ControlPlane implements AutoCloseable {
  private final Registry local;
  private final SiteConnections connections;
  private final Clock clock;
  private final RunOptions options;
  private final StepInterceptor interceptor;
  private final RunListener listener;
  private final ScrubsAhead scrubsAhead = ScrubsAhead.enabled();

  public ControlPlane(Registry local, SiteConnections connections, Clock clock, RunOptions options,
      StepInterceptor interceptor, RunListener listener) {
    this.local = local;
    this.connections = connections;
    this.clock = clock;
    this.options = options;
    this.interceptor = interceptor;
    this.listener = listener;
  }

  public Registry registry() {
    return local;
  }

  public void registerSite(Site site) {
    local.putSite(site);
  }

  /**
   * Forgets a site this server was told of; refused while a pair uses it (unpair first), and for the site the
   * control plane runs on.
   */
  public void forgetSite(SiteId id) {
    site(id);
    for (ClusterPair p : local.pairs()) {
      if (p.primary().equals(id) || p.secondary().equals(id)) {
        throw new ConflictException("Site " + id + " is in pair " + p.id() + "; unpair it first");
      }
    }
    local.deleteSite(id);
  }

  public Site site(SiteId id) {
    return local.site(id).orElseThrow(() -> new NotFoundException("Unknown site '" + id + "'"));
  }

  /** Pairs two known sites; the pair is written to both sites' registries. */
  public ClusterPair pair(SiteId primary, SiteId secondary) {
    ClusterPair pair = new ClusterPair(primary, secondary);
    Site p = known(primary, "primary");
    Site s = known(secondary, "secondary");
    for (ClusterPair existing : local.pairs()) {
      if (existing.equals(pair.reversed())) {
        throw new ConflictException("Sites are already paired the other way round (" + existing.id() + ")");
      }
    }
    for (SiteHandle site : List.of(connections.open(p), connections.open(s))) {
      site.registry().putSite(p);
      site.registry().putSite(s);
      site.registry().putPair(pair);
    }
    return pair;
  }

  private Site known(SiteId id, String field) {
    return local.site(id).orElseThrow(() -> new InvalidInputException(field, "Unknown site '" + id + "'"));
  }

  /** Validates a new or changed group against both clusters, then stores it on both sites. */
  public ProtectionGroup putGroup(ProtectionGroup group) {
    if (!local.pairs().contains(group.pair())) {
      throw new InvalidInputException("pair", "Sites " + group.pair().primary() + " and " + group.pair().secondary()
          + " are not paired");
    }
    SiteHandle primary = connections.open(site(group.pair().primary()));
    SiteHandle secondary = connections.open(site(group.pair().secondary()));
    new GroupValidator(local, primary.files(), connections.metastore(site(group.pair().primary()),
        site(group.pair().secondary()))).validate(group);
    primary.registry().putGroup(group);
    secondary.registry().putGroup(group);
    if (primary.registry() != local) {
      local.putGroup(group);
    }
    return group;
  }

  /**
   * Validates a group as {@link #putGroup} does, against sites and groups that are about to be written with it
   * (a state import checks everything before it writes anything). Writes nothing.
   */
  public void validateGroup(ProtectionGroup group, java.util.function.Function<SiteId, Optional<Site>> sites,
      java.util.function.Supplier<List<ProtectionGroup>> groups) {
    Site p = sites.apply(group.pair().primary()).orElseThrow(() -> new InvalidInputException("primary",
        "Unknown site '" + group.pair().primary() + "'"));
    Site s = sites.apply(group.pair().secondary()).orElseThrow(() -> new InvalidInputException("secondary",
        "Unknown site '" + group.pair().secondary() + "'"));
    new GroupValidator(sites, groups, connections.open(p).files(), connections.metastore(p, s)).validate(group);
  }

  public ProtectionGroup group(GroupName name) {
    return local.group(name).orElseThrow(() -> new NotFoundException("Unknown protection group '" + name + "'"));
  }

  /**
   * Restores a path or a table of a kept cut of the group onto either site of its pair (see {@link Restorer}); a
   * dry run only reports. Unknown group or cut: {@link NotFoundException}; a site outside the pair, a path outside
   * the group's data sets: {@link InvalidInputException}; an existing target without the overwrite confirmation:
   * {@link ConflictException}.
   */
  public dev.tandem.model.RestoreReport restore(dev.tandem.model.RestoreRequest request) {
    ProtectionGroup group = group(request.group());
    InvalidInputException.check(group.pair().primary().equals(request.site())
        || group.pair().secondary().equals(request.site()), "site", "Site '%s' is not in pair %s of group %s",
        request.site(), group.pair().id(), group.name());
    return new Restorer(connections).restore(group, site(request.site()), site(group.pair().secondary()), request);
  }

  /**
   * Starts a DR test of the group without failover (see {@link DrTester}): its kept cut (default: the last good one)
   * exposed read-only on the group's secondary, Hive tables as external tables in marked test databases. Unknown
   * group or cut (or none kept yet): {@link NotFoundException}; a bad suffix: {@link InvalidInputException}; a DR
   * test of the group already active, or a target database that is not this group's test database:
   * {@link ConflictException}, with nothing changed.
   *
   * @param requestedBy who started it, kept with the test
   */
  public dev.tandem.model.DrTest startDrTest(dev.tandem.model.DrTestRequest request, String requestedBy) {
    ProtectionGroup group = group(request.group());
    return new DrTester(connections, clock).start(group, site(group.pair().primary()),
        site(group.pair().secondary()), request, requestedBy);
  }

  /** The group's active DR test with its report; empty when none is active. Unknown group: {@link NotFoundException}. */
  public Optional<dev.tandem.model.DrTest> drTest(GroupName name) {
    ProtectionGroup group = group(name);
    return new DrTester(connections, clock).status(group, site(group.pair().secondary()));
  }

  /**
   * Stops the group's DR test: drops its marked test databases (never a file) and releases the cut.
   * {@link NotFoundException} for an unknown group or when no DR test is active.
   */
  public dev.tandem.model.DrTestStopReport stopDrTest(GroupName name) {
    ProtectionGroup group = group(name);
    return new DrTester(connections, clock).stop(group, site(group.pair().secondary()));
  }

  /** Runs the group now, on the calling thread. The returned run says whether it succeeded. */
  public Run runNow(GroupName name) {
    return runNow(name, false);
  }

  /**
   * Runs the group now, on the calling thread; with {@code verifyAll} this run compares every file's listing entry
   * and checksum with the primary (not only what changed and the scrub's slice), and its scrub completes a pass.
   */
  public Run runNow(GroupName name, boolean verifyAll) {
    return runNow(name, verifyAll, null);
  }

  /** @param requestedBy who asked for the run, kept with its record */
  public Run runNow(GroupName name, boolean verifyAll, String requestedBy) {
    RunOptions options = verifyAll ? this.options.withVerifyAllChecksums(true) : this.options;
    ProtectionGroup group = group(name);
    Site p = site(group.pair().primary());
    Site s = site(group.pair().secondary());
    RunCoordinator coordinator = new RunCoordinator(connections.open(p), connections.open(s),
        connections.replicator(p, s), connections.metastore(p, s), clock, options, interceptor, listener,
        scrubsAhead);
    return coordinator.run(name, requestedBy);
  }

  /**
   * Waits until the scrub comparison that the group's last run started for the next one is done (see
   * {@link ScrubsAhead}); says whether none still runs. For benchmarks, which must time nothing beside it.
   */
  public boolean awaitScrubAhead(GroupName name, java.time.Duration timeout) {
    return scrubsAhead.awaitIdle(name, timeout);
  }

  /** Stops the comparisons started ahead of the next runs: nothing of theirs was written yet. */
  @Override
  public void close() {
    scrubsAhead.close();
  }
}
