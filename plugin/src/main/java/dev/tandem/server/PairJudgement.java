package dev.tandem.server;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.Role;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.ArbiterDto;
import dev.tandem.switchover.Switchover;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of a pair that {@code /api/v1/status} and the arbiter alert report, judged from its arbitration
 * records (the highest epoch and each site's published status) and this server's probes. The first that holds
 * wins: SPLIT_SUSPECTED (both sites publish ACTIVE), FAILING_OVER (the epoch is DRAINING or PROMOTING),
 * FAILED_OVER (a failover left the pair unprotected), DEGRADED (unprotected, the active site not ACTIVE or
 * unhealthy, the standby silent or unhealthy, or a site unreachable from this server), else NORMAL. UNKNOWN when
 * no registry holds an epoch.
 */
final class PairJudgement {
  private PairJudgement() {}

  /** The epoch, roles and verdict are in the status's own fields; the detail says why the state is what it is. */
  static ArbiterDto judge(Switchover.State st, ArbiterDto reachability) {
    if (st.epoch().isEmpty()) {
      return new ArbiterDto("UNKNOWN", "no epoch of pair " + st.pair() + " in either registry (arbitration is "
          + "starting, or neither registry answers)");
    }
    Epoch e = st.epoch().get();
    SiteId active = e.active();
    SiteId standby = st.pair().other(active);
    Optional<SiteStatus> a = st.statuses().getOrDefault(active, Optional.empty());
    Optional<SiteStatus> s = st.statuses().getOrDefault(standby, Optional.empty());

    if (isActive(a) && isActive(s)) {
      return new ArbiterDto("SPLIT_SUSPECTED", "both " + active + " and " + standby + " report ACTIVE at epoch "
          + e.number());
    }
    if (e.phase() != Epoch.Phase.ACTIVE) {
      return new ArbiterDto("FAILING_OVER", e.transition() + " from " + e.previous() + " to " + active + ": "
          + e.phase());
    }
    if (e.transition() == Epoch.Transition.FAILOVER && e.protection() == Epoch.Protection.UNPROTECTED) {
      return new ArbiterDto("FAILED_OVER", "failed over from " + e.previous() + " to " + active
          + ", unprotected until failback");
    }
    List<String> problems = new ArrayList<>();
    if (e.protection() == Epoch.Protection.UNPROTECTED) {
      problems.add(active + " is not protected by " + standby);
    }
    if (a.isPresent() && a.get().role() != Role.ACTIVE) {
      problems.add(active + " is named active but reports " + a.get().role());
    }
    for (SiteId id : List.of(active, standby)) {
      Optional<SiteStatus> status = id.equals(active) ? a : s;
      if (status.isEmpty()) {
        problems.add(id + " published no status (no server of it runs arbitration)");
      } else if (!status.get().health().healthy()) {
        problems.add(id + " is unhealthy" + (status.get().health().detail().isEmpty() ? ""
            : ": " + status.get().health().detail()));
      }
    }
    if ("DEGRADED".equals(reachability.state())) {
      problems.add(reachability.detail());
    }
    if (!problems.isEmpty()) {
      return new ArbiterDto("DEGRADED", String.join("; ", problems));
    }
    return new ArbiterDto("NORMAL", active + " active, protected by " + standby);
  }

  private static boolean isActive(Optional<SiteStatus> status) {
    return status.isPresent() && status.get().role() == Role.ACTIVE;
  }

}
