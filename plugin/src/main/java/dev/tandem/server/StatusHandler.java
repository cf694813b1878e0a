package dev.tandem.server;

import dev.tandem.arbiter.PairKey;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.CutId;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.ArbiterDto;
import dev.tandem.server.api.EpochDto;
import dev.tandem.server.api.GroupStatusDto;
import dev.tandem.server.api.LastRunDto;
import dev.tandem.server.api.PairSiteDto;
import dev.tandem.server.api.PairStatusDto;
import dev.tandem.server.api.PeerDto;
import dev.tandem.server.api.SiteHealthDto;
import dev.tandem.server.api.SiteStatusDto;
import dev.tandem.server.api.StatusDto;
import dev.tandem.server.api.VerdictDto;
import dev.tandem.switchover.Switchover;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer monitoring needs ({@code GET /api/v1/status}): this site's role, the peer's reachability, every
 * pair's epoch, roles and arbiter verdict as its arbitration store records them, and every group's last good cut,
 * lag and last run. It reads only the registries and the health monitor's latest probes, so it answers quickly
 * even while a site is down (an arbitration store whose connection is down fails fast).
 */
public final class StatusHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StatusHandler.class);
  /** The epoch reported when this server does not run arbitration: no epoch is known. */
  static final long NO_EPOCH = 0;

  private final Registries registries;
  private final SiteHealthMonitor health;
  private final RunTracker tracker;
  private final Clock clock;
  private final Function<PairKey, Optional<PairArbitrations.View>> arbitration;
  private volatile Function<dev.tandem.model.GroupName, Optional<dev.tandem.server.api.GroupSpaceDto>> space =
      g -> Optional.empty();

  /** @param arbitration a pair's arbitration records; empty for a pair this server does not follow */
  StatusHandler(Registries registries, SiteHealthMonitor health, RunTracker tracker, Clock clock,
      Function<PairKey, Optional<PairArbitrations.View>> arbitration) {
    this.registries = registries;
    this.health = health;
    this.tracker = tracker;
    this.clock = clock;
    this.arbitration = arbitration;
  }

  /** Where each group's latest snapshot space measurement comes from (a cache: status answers quickly). */
  void spaceSource(Function<dev.tandem.model.GroupName, Optional<dev.tandem.server.api.GroupSpaceDto>> source) {
    this.space = source;
  }

  public StatusDto status() {
    SiteId local = registries.localId();
    List<ClusterPair> pairs = registries.local().pairs();
    Optional<ClusterPair> asPrimary = pairs.stream().filter(p -> p.primary().equals(local)).findFirst();
    Optional<ClusterPair> asSecondary = pairs.stream().filter(p -> p.secondary().equals(local)).findFirst();
    String role = asPrimary.isPresent() ? "PRIMARY" : asSecondary.isPresent() ? "SECONDARY" : "UNPAIRED";
    Optional<SiteId> peerId = asPrimary.map(ClusterPair::secondary).or(() -> asSecondary.map(ClusterPair::primary));

    PeerDto peer = peerId.map(id -> {
      Optional<SiteHealthDto> h = health.observation(id).map(SiteHealthMonitor.Observation::health);
      return new PeerDto(id.value(), h.map(SiteHealthDto::reachable).orElse(false),
          h.map(SiteHealthDto::lastSeen).orElse(null), error(h));
    }).orElse(null);

    List<SiteStatusDto> sites = registries.local().sites().stream()
        .sorted(Comparator.comparing(s -> s.id().value()))
        .map(s -> {
          Optional<SiteHealthDto> h = health.observation(s.id()).map(SiteHealthMonitor.Observation::health);
          return new SiteStatusDto(s.id().value(), s.id().equals(local), h.map(SiteHealthDto::reachable).orElse(false),
              h.map(SiteHealthDto::lastSeen).orElse(null), error(h), h.map(SiteHealthDto::openFileCapture).orElse(null));
        }).toList();

    ArbiterDto reachability = arbiter(local, peer, sites);
    List<PairStatusDto> pairStatuses = pairs.stream()
        .filter(p -> p.primary().equals(local) || p.secondary().equals(local))
        .map(PairKey::of).distinct().sorted(Comparator.comparing(PairKey::value))
        .flatMap(k -> pairStatus(local, k, reachability).stream()).toList();
    // The top-level epoch and arbiter state are those of the pair the peer above belongs to.
    Optional<PairStatusDto> main = asPrimary.or(() -> asSecondary).map(PairKey::of)
        .flatMap(k -> pairStatuses.stream().filter(p -> p.pair().equals(k.value())).findFirst());
    long epoch = main.map(PairStatusDto::epoch).map(EpochDto::number).orElse(NO_EPOCH);
    return new StatusDto(local.value(), role, epoch, peer, main.map(PairStatusDto::arbiter).orElse(reachability),
        groupStatus(), sites, pairStatuses);
  }

  /** Empty when this server does not follow the pair (arbitration off); a store failure never fails the status. */
  private Optional<PairStatusDto> pairStatus(SiteId local, PairKey pair, ArbiterDto reachability) {
    Optional<PairArbitrations.View> view;
    try {
      view = arbitration.apply(pair);
    } catch (RuntimeException e) {
      LOG.warn("Arbitration of {} not readable for the status: {}", pair, e.getMessage());
      return Optional.of(new PairStatusDto(pair.value(), null, "NONE",
          new ArbiterDto("UNKNOWN", "arbitration records of " + pair + " not readable: " + e.getMessage()),
          List.of(), null));
    }
    return view.map(v -> {
      Switchover.State st = v.state();
      List<PairSiteDto> siteDtos = new ArrayList<>();
      for (SiteId id : List.of(local, pair.other(local))) {
        siteDtos.add(st.statuses().getOrDefault(id, Optional.empty())
            .map(s -> new PairSiteDto(id.value(), s.role().name(), s.epoch(), s.health().healthy(),
                s.health().detail(), s.publishedAt()))
            .orElse(new PairSiteDto(id.value(), "NONE", 0, false, "no status published", null)));
      }
      return new PairStatusDto(pair.value(), st.epoch().map(ArbitrationConverter::epoch).orElse(null),
          siteDtos.get(0).role(), PairJudgement.judge(st, reachability), siteDtos,
          v.verdict().map(x -> new VerdictDto(x.arbiter(), x.epoch(), x.active().value(), x.at())).orElse(null));
    });
  }

  /** The probe's error; null when the site answered, a note when it was never probed. */
  private static String error(Optional<SiteHealthDto> health) {
    return health.isPresent() ? health.get().error() : "not checked yet";
  }

  /** From reachability alone: all that is known without arbitration, and one input of the judgement with it. */
  private static ArbiterDto arbiter(SiteId local, PeerDto peer, List<SiteStatusDto> sites) {
    if (peer == null) {
      return new ArbiterDto("UNKNOWN", "site " + local + " is not paired");
    }
    boolean localOk = sites.stream().filter(SiteStatusDto::local).allMatch(SiteStatusDto::reachable);
    if (localOk && peer.reachable()) {
      return new ArbiterDto("NORMAL", "both sites healthy");
    }
    StringBuilder detail = new StringBuilder();
    if (!localOk) {
      detail.append("site ").append(local).append(" (this site) is not healthy");
    }
    if (!peer.reachable()) {
      detail.append(detail.length() == 0 ? "" : "; ").append("site ").append(peer.site()).append(" is unreachable")
          .append(peer.error() == null ? "" : ": " + peer.error());
    }
    return new ArbiterDto("DEGRADED", detail.toString());
  }

  private List<GroupStatusDto> groupStatus() {
    Instant now = clock.instant();
    return registries.local().groups().stream().sorted(Comparator.comparing(g -> g.name().value()))
        .map(g -> groupStatus(g, now)).toList();
  }

  private GroupStatusDto groupStatus(ProtectionGroup g, Instant now) {
    Optional<CutId> cut = registries.local().lastGoodCut(g.name());
    Long lag = cut.map(c -> Math.max(0, Duration.between(c.instant(), now).getSeconds())).orElse(null);
    long period = g.schedule().periodicity().getSeconds();
    LastRunDto last = lastFinished(g).map(StatusHandler::lastRun).orElse(null);
    return new GroupStatusDto(g.name().value(), g.enabled(), period, cut.map(CutId::value).orElse(null),
        cut.map(CutId::instant).orElse(null), lag, lag != null && lag > period, tracker.active(g.name()).isPresent(),
        last, space.apply(g.name()).orElse(null));
  }

  /** The newest finished run: while a run executes, the one before it is what alerts judge. */
  private Optional<Run> lastFinished(ProtectionGroup g) {
    try {
      return registries.ifReachable(g.pair().primary())
          .flatMap(r -> r.runs(g.name(), 50).stream().filter(x -> x.state().finished()).findFirst());
    } catch (dev.tandem.model.TandemException e) {
      return Optional.empty();
    }
  }

  private static LastRunDto lastRun(Run r) {
    var scrub = r.report() == null ? dev.tandem.model.ScrubReport.NONE : r.report().scrub();
    return new LastRunDto(r.id(), r.state().name(), r.endedAt(), r.error(), scrub.filesDiffered(),
        scrub.differences().subList(0, Math.min(5, scrub.differences().size())));
  }

  /** Lag per enabled group in seconds, for the metrics (a disabled group's lag grows by design). */
  Map<String, Long> lagSeconds() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (GroupStatusDto g : groupStatus()) {
      if (g.enabled() && g.lagSeconds() != null) {
        out.put(g.name(), g.lagSeconds());
      }
    }
    return out;
  }
}
