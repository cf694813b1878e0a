package dev.tandem.switchover;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.arbiter.Versioned;
import dev.tandem.engine.ChecksumSelection;
import dev.tandem.engine.Manifest;
import dev.tandem.engine.RunCoordinator;
import dev.tandem.engine.RunListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.Scope;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.SiteHandle;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.ConflictException;
import dev.tandem.model.Cut;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's verbs on a cluster pair, as one plain Java facade for the REST API and the CLI:
 * {@link #switchover}, {@link #failover}, {@link #failback}, {@link #drill}, {@link #state} and
 * {@link #autoFailover}.
 *
 * <p>The facade decides (compare-and-set of the epoch, in the new active's registry first) and replicates; the
 * promotion itself (rollback to the last good cut, promotion steps, the flip of the pair's direction) is done by
 * the promoted site's {@link dev.tandem.arbiter.SiteAgent}, whose server must therefore be running: the facade
 * waits for it within {@code timeout}. Every verb validates before it changes anything.
 */
public final class Switchover {
  private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);

  /** The verbs that change the active site or the direction of replication. */
  public enum Verb { SWITCHOVER, FAILOVER, FAILBACK, DRILL }

  /** Both registries' view of a pair. */
  public record State(PairKey pair, Optional<Epoch> epoch, Map<SiteId, Optional<Epoch>> epochs,
      Map<SiteId, Optional<SiteStatus>> statuses, ArbitrationSettings settings, List<SwitchReport> reports) {}

  private final SiteConnections connections;
  private final Function<SiteId, Site> sites;
  private final Function<SiteId, ArbitrationStore> stores;
  private final Clock clock;
  private final RunOptions options;
  private final RunListener listener;
  private final Duration timeout;
  private final String operator;

  /**
   * @param sites the site records (file system and registry addresses) by id
   * @param stores each site's arbitration store
   * @param timeout how long to wait for a promoted site's server to complete its promotion
   * @param operator who acts, for the epoch records ("operator alice", "tandem CLI")
   */
  public Switchover(SiteConnections connections, Function<SiteId, Site> sites, Function<SiteId, ArbitrationStore> stores,
      Clock clock, RunOptions options, RunListener listener, Duration timeout, String operator) {
    this.connections = connections;
    this.sites = sites;
    this.stores = stores;
    this.clock = clock;
    this.options = options;
    this.listener = listener;
    this.timeout = timeout;
    this.operator = operator;
  }

  /** Epoch, statuses, settings and recent reports, from whichever registries answer. */
  public State state(PairKey pair) {
    Map<SiteId, Optional<Epoch>> epochs = new LinkedHashMap<>();
    Map<SiteId, Optional<SiteStatus>> statuses = new LinkedHashMap<>();
    List<SwitchReport> reports = new ArrayList<>();
    ArbitrationSettings settings = null;
    for (SiteId s : sites(pair)) {
      ArbitrationStore store = stores.apply(s);
      try {
        epochs.put(s, store.epoch(pair).map(Versioned::value));
        if (settings == null) {
          settings = store.settings(pair).orElse(null);
        }
        if (reports.isEmpty()) {
          reports.addAll(store.reports(pair, 10));
        }
      } catch (PeerUnavailableException e) {
        epochs.put(s, Optional.empty());
      }
    }
    for (SiteId s : sites(pair)) {
      statuses.put(s, newestStatus(pair, s));
    }
    Optional<Epoch> highest = epochs.values().stream().flatMap(Optional::stream).max(Epoch::compareTo);
    return new State(pair, highest, epochs, statuses, settings == null ? ArbitrationSettings.defaults() : settings,
        reports);
  }

  /** Turns automatic failover on or off, in every registry that answers (at least one must). */
  public ArbitrationSettings autoFailover(PairKey pair, boolean enabled) {
    ArbitrationSettings next = settings(pair).withAutoFailover(enabled);
    int written = 0;
    for (SiteId s : sites(pair)) {
      try {
        stores.apply(s).putSettings(pair, next);
        written++;
      } catch (PeerUnavailableException e) {
        LOG.warn("Settings of {} not written to the registry of {}: {}", pair, s, e.getMessage());
      }
    }
    if (written == 0) {
      throw new PeerUnavailableException("No registry of " + pair + " could be written", null);
    }
    return next;
  }

  /**
   * Promotes the standby because the active site is lost. Without {@code force}, refuses when the active site is
   * healthy (use {@link #switchover}) or the pair is not protected (the standby does not hold the active's cuts).
   * The data of each group on the new active is its last good cut; the report gives the RTO and the data-loss
   * window. With {@code force} and the old active still running, the new active waits for it to acknowledge
   * (or for its lease to lapse) before it becomes writable.
   */
  public SwitchReport failover(PairKey pair, boolean force) {
    return failover(pair, force, false).report();
  }

  /** A failover's report, and per group the comparison of the promoted data with the old primary's snapshot. */
  private record FailedOver(SwitchReport report, SiteId from, SiteId to,
      Map<String, PrimaryComparison.Result> compared) {}

  /**
   * @param compareAlways compare with the old primary even when it was not seen alive (a drill); otherwise only
   *     a live old primary is read, so that a dead one does not hold the report up with connection retries
   */
  private FailedOver failover(PairKey pair, boolean force, boolean compareAlways) {
    Plan plan = planFailover(pair, force);
    Seen seen = plan.seen();
    Epoch current = plan.current();
    SiteId from = plan.from();
    SiteId to = plan.to();
    boolean alive = plan.alive();
    ArbitrationSettings settings = settings(pair);
    Instant now = clock.instant();
    Instant lastSeen = alive ? now : newestStatus(pair, from).map(SiteStatus::publishedAt).orElse(now);
    String why = (force ? "forced by " : "requested by ") + operator + (alive ? " while " + from + " was healthy"
        : "; " + from + " unhealthy or silent");
    Epoch next = current.next(to, Epoch.Phase.PROMOTING, Epoch.Protection.UNPROTECTED, Epoch.Transition.FAILOVER, now,
        operator, why, lastSeen, settings.lease());
    decide(pair, seen, current, next, to);
    LOG.warn("Failover of {} to {} at epoch {}: {}", pair, to, next.number(), why);
    SwitchReport report = awaitActive(pair, to, next.number());
    Map<String, PrimaryComparison.Result> compared = new LinkedHashMap<>();
    if (!alive && !compareAlways) {
      return new FailedOver(report, from, to, compared);
    }
    SiteHandle promoted = connections.open(sites.apply(to));
    List<String> notes = new ArrayList<>(report.notes());
    for (PromotionContext.PromotedGroup g : SitePromoter.plan(promoted, pair)) {
      if (g.cut().isPresent()) {
        PrimaryComparison.Result r = PrimaryComparison.compare(() -> connections.open(sites.apply(from)), promoted,
            g.cut().get());
        compared.put(g.group().name().value(), r);
        notes.add("Group " + g.group().name() + ": data on " + to + " " + r.summary());
        r.differences().forEach(d -> notes.add("Group " + g.group().name() + ": differs from " + from + ": " + d));
      }
    }
    SwitchReport enriched = new SwitchReport(report.id(), report.kind(), report.epoch(), report.from(), report.to(),
        report.startedAt(), report.activeAt(), report.rto(), report.groups(), notes);
    record(pair, enriched);
    return new FailedOver(enriched, from, to, compared);
  }

  /**
   * Planned switchover without data loss: a catch-up run of every group, then the fence (an epoch in which
   * nobody is active, so applications stop writing), the final run of every group, then the promotion of the
   * standby. Everything written before the fence is in the final cut. If the final run fails, the old active is
   * made active again (a new epoch) and nothing is lost either.
   */
  public SwitchReport switchover(PairKey pair) {
    Plan plan = planSwitchover(pair);
    Seen seen = plan.seen();
    Epoch current = plan.current();
    SiteId from = plan.from();
    SiteId to = plan.to();
    Site a = sites.apply(from);
    Site b = sites.apply(to);
    List<ProtectionGroup> groups = SitePromoter.groupsOf(connections.open(a), pair);
    for (ProtectionGroup g : groups) {
      Run r = run(a, b, g.name());
      if (r.state() != RunState.SUCCEEDED) {
        throw new TandemException("Switchover not started: the catch-up run of group " + g.name() + " failed: "
            + r.error());
      }
    }
    ArbitrationSettings settings = settings(pair);
    Instant fencedAt = clock.instant();
    Epoch draining = current.next(to, Epoch.Phase.DRAINING, Epoch.Protection.PROTECTED, Epoch.Transition.SWITCHOVER,
        fencedAt, operator, "planned switchover from " + from + " to " + to, null, settings.lease());
    decide(pair, seen, current, draining, to);
    boolean acknowledged = awaitStopped(pair, from, draining.number(), settings.lease().plus(settings.heartbeat()));
    // Clients refresh every heartbeat: after two, none still believes the old active is writable, and a writer that
    // registered before that is waited for by the final cut's fence (see ActiveSiteClient#beginWrite).
    sleep(settings.heartbeat().multipliedBy(2));
    Map<String, Run> finals = new LinkedHashMap<>();
    for (ProtectionGroup g : groups) {
      Run r = run(a, b, g.name());
      if (r.state() != RunState.SUCCEEDED) {
        r = run(a, b, g.name());
      }
      if (r.state() != RunState.SUCCEEDED) {
        String why = "the final run of group " + g.name() + " failed: " + r.error();
        Epoch back = draining.next(from, Epoch.Phase.ACTIVE, Epoch.Protection.PROTECTED, Epoch.Transition.SWITCHOVER,
            clock.instant(), operator, "switchover aborted: " + why, null, Duration.ZERO);
        decide(pair, read(pair), draining, back, from);
        throw new TandemException("Switchover aborted, " + from + " is active again (epoch " + back.number() + "): "
            + why);
      }
      finals.put(g.name().value(), r);
    }
    Epoch promoting = draining.withPhase(Epoch.Phase.PROMOTING, Duration.ZERO);
    decide(pair, read(pair), draining, promoting, to);
    SwitchReport report = awaitActive(pair, to, promoting.number());
    List<SwitchReport.GroupOutcome> outcomes = new ArrayList<>();
    for (SwitchReport.GroupOutcome o : report.groups()) {
      Run r = finals.get(o.group());
      outcomes.add(new SwitchReport.GroupOutcome(o.group(), o.cut(), o.dataLoss(),
          r == null ? 0 : r.report().bytesCopied(), o.bytesTotal(), o.keptAs()));
    }
    List<String> notes = new ArrayList<>(report.notes());
    notes.add(acknowledged ? from + " acknowledged the fence" : from + " did not acknowledge the fence; its lease ("
        + settings.lease().toMillis() + " ms) was waited out");
    finals.forEach((g, r) -> notes.add("Final cut of group " + g + ": " + r.cut() + " (" + r.report().filesCopied()
        + " file(s), " + r.report().bytesCopied() + " byte(s) copied after the fence)"));
    SwitchReport enriched = new SwitchReport(report.id(), report.kind(), report.epoch(), report.from(), report.to(),
        fencedAt, report.activeAt(), Duration.between(fencedAt, report.activeAt()), outcomes, notes);
    record(pair, enriched);
    return enriched;
  }

  /**
   * Reprotects the pair after a failover: replication from the active site back to the old primary resumes from
   * each group's last common cut (see {@link LastCommonCut}), copying only the snapshot diff; the old primary's
   * divergent changes are kept as a snapshot, then rolled back. With {@code switchBack}, a planned switchover to
   * the old primary follows. On a pair that is already protected, only the switch back (if asked) is done.
   */
  public ReprotectReport failback(PairKey pair, boolean switchBack) {
    Instant started = clock.instant();
    Plan plan = planFailback(pair);
    Seen seen = plan.seen();
    Epoch current = plan.current();
    SiteId active = plan.from();
    SiteId old = plan.to();
    Site src = sites.apply(active);
    Site dst = sites.apply(old);
    SiteHandle source = connections.open(src);
    SiteHandle target = connections.open(dst);
    List<String> notes = new ArrayList<>();
    List<SwitchReport.GroupOutcome> outcomes = new ArrayList<>();
    if (current.protection() == Epoch.Protection.UNPROTECTED) {
      ArbitrationSettings settings = settings(pair);
      follow(pair, seen, current, old);
      if (!awaitStopped(pair, old, current.number(), settings.lease().plus(settings.heartbeat()))) {
        notes.add(old + " did not acknowledge epoch " + current.number() + " (is its server running?); its lease was "
            + "waited out");
      }
      for (ProtectionGroup g : SitePromoter.groupsOf(source, pair)) {
        Optional<Cut> common = LastCommonCut.find(source, target, g.name());
        // Cut ids are times: the first cut of the new direction must sort after the last common one.
        if (common.isPresent() && !clock.instant().isAfter(common.get().takenAt())) {
          throw new ConflictException("The clock here (" + clock.instant() + ") is behind the last common cut of group "
              + g.name() + " (" + common.get().takenAt() + "); synchronise the clocks before failing back");
        }
        notes.add("Group " + g.name() + ": last common cut " + common.map(c -> c.id().value()).orElse("none"));
        notes.addAll(LastCommonCut.align(source, target, g.name(), common));
      }
      Epoch reprotected = current.withProtection(Epoch.Protection.PROTECTED);
      decide(pair, read(pair), current, reprotected, active);
      notes.add("Pair " + pair + " protected again: " + active + " replicates to " + old);
    }
    boolean allOk = true;
    for (ProtectionGroup g : SitePromoter.groupsOf(source, pair)) {
      Set<String> driftBefore = driftSnapshots(target, g);
      Run r = run(src, dst, g.name());
      Set<String> kept = driftSnapshots(target, g);
      kept.removeAll(driftBefore);
      if (r.state() != RunState.SUCCEEDED) {
        allOk = false;
        notes.add("Reverse run of group " + g.name() + " failed (the next scheduled run retries): " + r.error());
      }
      notes.addAll(r.report().notes());
      long total = r.cut() == null ? 0 : size(source, g.name(), r.cut());
      outcomes.add(new SwitchReport.GroupOutcome(g.name().value(), r.cut() == null ? null : r.cut().value(),
          Duration.ZERO, r.report().bytesCopied(), total, List.copyOf(kept)));
    }
    Optional<SwitchReport> back = Optional.empty();
    if (switchBack && allOk) {
      back = Optional.of(switchover(pair));
    } else if (switchBack) {
      notes.add("No switch back: not every group was replicated back");
    }
    return new ReprotectReport(pair, active, old, started, clock.instant(), outcomes, notes, back);
  }

  /**
   * A drill: forced failover to the standby, a check that its data equals each group's last good cut, then
   * failback with the switch back. Changes made on the primary after its last good cut are kept as a drift
   * snapshot there, not carried over, exactly as a real failover would lose them: run drills in a quiet moment.
   */
  public DrillReport drill(PairKey pair) {
    Instant started = clock.instant();
    planDrill(pair);
    FailedOver over = failover(pair, true, true);
    SiteId to = over.to();
    List<String> verified = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    long differenceCount = 0;
    boolean matches = true;
    boolean withPrimary = true;
    int cuts = 0;
    SiteHandle promoted = connections.open(sites.apply(to));
    for (PromotionContext.PromotedGroup g : SitePromoter.plan(promoted, pair)) {
      String name = g.group().name().value();
      if (g.cut().isEmpty()) {
        verified.add("Group " + name + ": no cut to compare with");
        continue;
      }
      cuts++;
      boolean same = equalsCut(promoted, g.cut().get());
      matches &= same;
      verified.add("Group " + name + ": data on " + to + (same ? " equals" : " DIFFERS FROM") + " its seal of cut "
          + g.cut().get().id());
      if (!same) {
        differenceCount++;
        addBounded(differences, name + ": data on " + to + " differs from its own snapshot of cut "
            + g.cut().get().id());
      }
      PrimaryComparison.Result r = over.compared().get(name);
      if (r == null) {
        r = PrimaryComparison.compare(() -> connections.open(sites.apply(over.from())), promoted, g.cut().get());
      }
      withPrimary &= r.comparedWithPrimary();
      matches &= r.equal();
      differenceCount += r.differenceCount();
      r.differences().forEach(d -> addBounded(differences, name + ": " + d));
      verified.add("Group " + name + ": " + r.summary());
    }
    ReprotectReport back = failback(pair, true);
    return new DrillReport(pair, started, clock.instant(), over.report(), verified, matches,
        withPrimary && cuts > 0, differences, differenceCount, back);
  }

  private static void addBounded(List<String> list, String item) {
    if (list.size() < DrillReport.MAX_LISTED) {
      list.add(item);
    }
  }

  // --- validating ---------------------------------------------------------------------------------------------

  /**
   * Checks what {@code verb} would check before it changes anything, and throws what it would throw
   * (ConflictException, PeerUnavailableException); changes nothing. The verb checks again when it runs: the state
   * may move in between. May wait up to three heartbeats to see whether a site's status moves.
   */
  public void check(Verb verb, PairKey pair, boolean force) {
    switch (verb) {
      case SWITCHOVER -> planSwitchover(pair);
      case FAILOVER -> planFailover(pair, force);
      case FAILBACK -> planFailback(pair);
      case DRILL -> planDrill(pair);
      default -> throw new IllegalArgumentException("Unknown verb " + verb);
    }
  }

  /** A verb's starting point, validated: the epochs seen, the current one, the site leaving and the one coming. */
  private record Plan(Seen seen, Epoch current, SiteId from, SiteId to, boolean alive) {}

  /** The current epoch, which must be ACTIVE: its active site leaves, the other one comes. */
  private Plan base(PairKey pair) {
    Seen seen = read(pair);
    Epoch current = seen.require();
    requirePhase(current, Epoch.Phase.ACTIVE);
    return new Plan(seen, current, current.active(), pair.other(current.active()), true);
  }

  private Plan planFailover(PairKey pair, boolean force) {
    Plan p = base(pair);
    if (!p.seen().epochs().containsKey(p.to())) {
      throw new PeerUnavailableException("The registry of " + p.to() + " cannot be reached: it cannot be promoted",
          null);
    }
    boolean alive = alive(pair, p.from());
    if (!force && alive) {
      throw new ConflictException("Site " + p.from() + " is active and healthy: use 'switchover' for a planned "
          + "change, or 'failover --force' to promote " + p.to() + " anyway");
    }
    if (!force && p.current().protection() != Epoch.Protection.PROTECTED) {
      throw new ConflictException("Site " + p.to() + " does not hold " + p.from() + "'s cuts (the pair is not "
          + "protected since " + p.current().transition().name().toLowerCase() + "); 'failover --force' promotes it "
          + "anyway");
    }
    return new Plan(p.seen(), p.current(), p.from(), p.to(), alive);
  }

  private Plan planSwitchover(PairKey pair) {
    Plan p = base(pair);
    if (p.current().protection() != Epoch.Protection.PROTECTED) {
      throw new ConflictException("Pair " + pair + " is not protected since the " + p.current().transition().name()
          .toLowerCase() + " to " + p.from() + "; run 'failback' first");
    }
    if (p.seen().epochs().size() < 2) {
      throw new PeerUnavailableException("A switchover needs both registries of " + pair, null);
    }
    if (!alive(pair, p.to())) {
      throw new PeerUnavailableException("Site " + p.to() + " is not healthy or its server is not running", null);
    }
    return p;
  }

  private Plan planFailback(PairKey pair) {
    Plan p = base(pair);
    if (p.seen().epochs().size() < 2) {
      throw new PeerUnavailableException("The registry of " + p.to() + " cannot be reached: failback needs the old "
          + "primary back", null);
    }
    return p;
  }

  private Plan planDrill(PairKey pair) {
    Plan p = base(pair);
    if (p.current().protection() != Epoch.Protection.PROTECTED) {
      throw new ConflictException("Pair " + pair + " is not protected: a drill would fail over to stale data");
    }
    return p;
  }

  // --- deciding -----------------------------------------------------------------------------------------------

  /** Each reachable registry's epoch record, and the highest of them. */
  private record Seen(Map<SiteId, Optional<Versioned<Epoch>>> epochs) {
    Epoch require() {
      return epochs.values().stream().flatMap(Optional::stream).map(Versioned::value).max(Epoch::compareTo)
          .orElseThrow(() -> new ConflictException("No registry holds an epoch for this pair: are its sites' servers "
              + "running with arbitration?"));
    }
  }

  private Seen read(PairKey pair) {
    Map<SiteId, Optional<Versioned<Epoch>>> epochs = new LinkedHashMap<>();
    for (SiteId s : sites(pair)) {
      try {
        epochs.put(s, stores.apply(s).epoch(pair));
      } catch (PeerUnavailableException e) {
        LOG.info("Registry of {} not reachable: {}", s, e.getMessage());
      }
    }
    if (epochs.isEmpty()) {
      throw new PeerUnavailableException("Neither registry of " + pair + " can be reached", null);
    }
    return new Seen(epochs);
  }

  /**
   * Replaces {@code expected} by {@code next}: first in {@code first}'s registry (this is the decision: it fails
   * with a ConflictException if anyone changed the epoch meanwhile), then in the other registry if it answers
   * (otherwise the sites' agents and arbiters copy it later).
   */
  private void decide(PairKey pair, Seen seen, Epoch expected, Epoch next, SiteId first) {
    List<SiteId> order = new ArrayList<>(List.of(first, pair.other(first)));
    for (SiteId s : order) {
      Optional<Versioned<Epoch>> there = seen.epochs().get(s);
      if (there == null) {
        if (s.equals(first)) {
          throw new PeerUnavailableException("The registry of " + s + " cannot be reached", null);
        }
        continue;
      }
      try {
        ArbitrationStore store = stores.apply(s);
        int version = there.map(Versioned::version).orElse(-1);
        if (there.isPresent() && there.get().value().compareTo(expected) != 0) {
          if (s.equals(first)) {
            throw new ConflictException("The epoch of " + pair + " changed meanwhile (now " + there.get().value()
                + "); nothing was done");
          }
          if (!next.newerThan(there.get().value())) {
            continue;
          }
        }
        if (next.phase() == Epoch.Phase.ACTIVE) {
          store.replaceEpochAndDirection(pair, version, next, next.direction(pair));
        } else {
          store.replaceEpoch(pair, version, next, Optional.empty());
        }
      } catch (ConflictException | PeerUnavailableException e) {
        if (s.equals(first)) {
          throw e;
        }
        LOG.info("{} not written to the registry of {} now ({}); the sites copy it", next, s, e.getMessage());
      }
    }
  }

  /** Copies the current epoch (and the direction it stands for) to a registry that lags behind it. */
  private void follow(PairKey pair, Seen seen, Epoch current, SiteId site) {
    Optional<Versioned<Epoch>> there = seen.epochs().get(site);
    if (there == null || (there.isPresent() && !current.newerThan(there.get().value()))) {
      return;
    }
    try {
      stores.apply(site).replaceEpochAndDirection(pair, there.map(Versioned::version).orElse(-1), current,
          current.direction(pair));
    } catch (ConflictException e) {
      // its agent copied it first
    }
  }

  private static void requirePhase(Epoch current, Epoch.Phase phase) {
    if (current.phase() != phase) {
      throw new ConflictException("A change of the active site is under way (" + current + ", " + current.reason()
          + "); wait for it to finish");
    }
  }

  // --- waiting ------------------------------------------------------------------------------------------------

  /** Waits until {@code site} serves epoch {@code number} as the active site, and returns the promotion report. */
  private SwitchReport awaitActive(PairKey pair, SiteId site, long number) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<SwitchReport> report = reportOf(pair, site, number);
      Optional<SiteStatus> status = newestStatus(pair, site);
      if (report.isPresent() && status.filter(s -> s.epoch() >= number && s.role() == Role.ACTIVE).isPresent()) {
        return report.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new TandemException("Site " + site + " did not become active for epoch " + number + " within "
            + timeout.toSeconds() + " s (its status: " + status.map(s -> s.role() + " at epoch " + s.epoch() + ", "
            + s.health()).orElse("none") + "); is its Tandem server running? The decision stands: it completes the "
            + "promotion when it can");
      }
      pause(pair);
    }
  }

  /** Waits until {@code site} published a status at epoch {@code number} or later, not active; false on timeout. */
  private boolean awaitStopped(PairKey pair, SiteId site, long number, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (newestStatus(pair, site).filter(s -> s.epoch() >= number && s.role() != Role.ACTIVE).isPresent()) {
        return true;
      }
      pause(pair);
    }
    return false;
  }

  private Optional<SwitchReport> reportOf(PairKey pair, SiteId site, long number) {
    for (SiteId s : List.of(site, pair.other(site))) {
      try {
        for (SwitchReport r : stores.apply(s).reports(pair, 10)) {
          if (r.epoch() == number && r.to().equals(site)) {
            return Optional.of(r);
          }
        }
      } catch (PeerUnavailableException e) {
        // the other registry may know
      }
    }
    return Optional.empty();
  }

  /** The site's newest status in either registry. */
  private Optional<SiteStatus> newestStatus(PairKey pair, SiteId site) {
    SiteStatus best = null;
    for (SiteId s : sites(pair)) {
      try {
        Optional<Versioned<SiteStatus>> v = stores.apply(s).status(pair, site);
        if (v.isPresent() && (best == null || v.get().value().sequence() > best.sequence())) {
          best = v.get().value();
        }
      } catch (PeerUnavailableException e) {
        // unreachable
      }
    }
    return Optional.ofNullable(best);
  }

  /** The site publishes statuses (its sequence moves within three heartbeats) and reports itself healthy. */
  private boolean alive(PairKey pair, SiteId site) {
    Duration heartbeat = settings(pair).heartbeat();
    Optional<SiteStatus> first = newestStatus(pair, site);
    if (first.isEmpty()) {
      return false;
    }
    long deadline = System.nanoTime() + heartbeat.multipliedBy(3).toNanos();
    while (System.nanoTime() - deadline < 0) {
      pause(pair);
      Optional<SiteStatus> now = newestStatus(pair, site);
      if (now.isPresent() && now.get().sequence() != first.get().sequence()) {
        return now.get().health().healthy();
      }
    }
    return false;
  }

  private void pause(PairKey pair) {
    sleep(Duration.ofMillis(Math.max(20, settings(pair).heartbeat().toMillis() / 4)));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TandemException("Interrupted while waiting", e);
    }
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private ArbitrationSettings settings(PairKey pair) {
    for (SiteId s : sites(pair)) {
      try {
        Optional<ArbitrationSettings> found = stores.apply(s).settings(pair);
        if (found.isPresent()) {
          return found.get();
        }
      } catch (PeerUnavailableException e) {
        // the other registry may answer
      }
    }
    return ArbitrationSettings.defaults();
  }

  private static List<SiteId> sites(PairKey pair) {
    return List.of(pair.first(), pair.second());
  }

  private void record(PairKey pair, SwitchReport report) {
    for (SiteId s : sites(pair)) {
      try {
        stores.apply(s).putReport(pair, report);
      } catch (PeerUnavailableException e) {
        LOG.info("Report {} not written to the registry of {}: {}", report.id(), s, e.getMessage());
      }
    }
  }

  /** One run of a group from {@code from} to {@code to}, outside the epoch guard: the facade orders it itself. */
  private Run run(Site from, Site to, GroupName group) {
    return new RunCoordinator(connections.open(from), connections.open(to), connections.replicator(from, to),
        connections.metastore(from, to), clock, options, StepInterceptor.NONE, listener).run(group);
  }

  private static Set<String> driftSnapshots(SiteHandle site, ProtectionGroup g) {
    Set<String> out = new LinkedHashSet<>();
    String prefix = CutId.driftPrefix(g.name());
    for (String dir : roots(site, g)) {
      for (String name : site.files().snapshots(dir)) {
        if (name.startsWith(prefix)) {
          out.add(dir + "/.snapshot/" + name);
        }
      }
    }
    return out;
  }

  private static List<String> roots(SiteHandle site, ProtectionGroup g) {
    Optional<Cut> cut = site.registry().lastGoodCut(g.name()).flatMap(id -> site.registry().cut(g.name(), id));
    List<String> out = new ArrayList<>();
    cut.ifPresent(c -> c.roots().forEach(r -> {
      if (site.files().isDirectory(r.path())) {
        out.add(r.path());
      }
    }));
    return out;
  }

  /** Bytes of the group's protected files in the cut, on {@code site}. */
  private static long size(SiteHandle site, GroupName group, CutId id) {
    Optional<Cut> cut = site.registry().cut(group, id);
    long bytes = 0;
    for (SnapshotRoot root : cut.map(Cut::roots).orElse(List.of())) {
      Manifest m = site.manifests().read(root.path(), cut.get().snapshotName(), Scope.of(root), ChecksumSelection.none());
      bytes += m.entries().values().stream().mapToLong(Manifest.Entry::length).sum();
    }
    return bytes;
  }

  /** The site's current data of the cut's roots equals its snapshot of the cut: listing and every checksum. */
  private static boolean equalsCut(SiteHandle site, Cut cut) {
    for (SnapshotRoot root : cut.roots()) {
      Manifest now = site.manifests().read(root.path(), "", Scope.of(root), ChecksumSelection.everything());
      Manifest then = site.manifests().read(root.path(), cut.snapshotName(), Scope.of(root),
          ChecksumSelection.everything());
      if (!now.equals(then)) {
        return false;
      }
    }
    return true;
  }
}
