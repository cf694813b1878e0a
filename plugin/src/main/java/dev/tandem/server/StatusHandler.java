package dev.tandem.server;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.CutId;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.ArbiterDto;
import dev.tandem.server.api.GroupStatusDto;
import dev.tandem.server.api.LastRunDto;
import dev.tandem.server.api.PeerDto;
import dev.tandem.server.api.SiteHealthDto;
import dev.tandem.server.api.SiteStatusDto;
import dev.tandem.server.api.StatusDto;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one answer monitoring needs ({@code GET /api/v1/status}): this site's role, the peer's reachability, the
 * arbiter's state and every group's last good cut, lag and last run. It reads only the registry and the health
 * monitor's latest probes, so it answers quickly even while a site is down.
 */
public final class StatusHandler {
  /** The fencing epoch: fixed until the arbiter (issue 8) maintains one. */
  static final long EPOCH_UNTIL_ARBITER = 0;

  private final Registries registries;
  private final SiteHealthMonitor health;
  private final RunTracker tracker;
  private final Clock clock;

  StatusHandler(Registries registries, SiteHealthMonitor health, RunTracker tracker, Clock clock) {
    this.registries = registries;
    this.health = health;
    this.tracker = tracker;
    this.clock = clock;
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
              h.map(SiteHealthDto::lastSeen).orElse(null), error(h));
        }).toList();

    return new StatusDto(local.value(), role, EPOCH_UNTIL_ARBITER, peer, arbiter(local, peer, sites), groupStatus(),
        sites);
  }

  /** The probe's error; null when the site answered, a note when it was never probed. */
  private static String error(Optional<SiteHealthDto> health) {
    return health.isPresent() ? health.get().error() : "not checked yet";
  }

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
        last);
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
