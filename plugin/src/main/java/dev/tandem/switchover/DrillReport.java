package dev.tandem.switchover;

import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.SwitchReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A disaster-recovery drill: a real failover to the standby (RTO achieved; data-loss window per group = the RPO
 * a real failover would have had at that moment), a check that the promoted data equals each group's last good
 * cut, then failback with the switch back.
 */
public record DrillReport(PairKey pair, Instant startedAt, Instant endedAt, SwitchReport failover,
    List<String> verified, boolean dataMatches, ReprotectReport failback) {
  public DrillReport {
    verified = List.copyOf(verified);
  }

  public Duration rto() {
    return failover.rto();
  }

  /** Group → data-loss window of the failover. */
  public Map<String, Duration> rpo() {
    Map<String, Duration> out = new java.util.LinkedHashMap<>();
    for (SwitchReport.GroupOutcome g : failover.groups()) {
      out.put(g.group(), g.dataLoss());
    }
    return out;
  }
}
