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
 *
 * @param dataMatches the promoted data equals its own seal of each group's last good cut and, where the primary
 *     was compared, the primary's snapshot of that cut: false when any difference is found
 * @param comparedWithPrimary every group's cut was compared with the primary's snapshot of it (listing and
 *     checksums); false when the primary was unreachable and only the secondary's own seal was checked
 * @param differences the first differences found (bounded), each naming its group and file
 * @param differenceCount how many differences were found in all
 */
public record DrillReport(PairKey pair, Instant startedAt, Instant endedAt, SwitchReport failover,
    List<String> verified, boolean dataMatches, boolean comparedWithPrimary, List<String> differences,
    long differenceCount, ReprotectReport failback) {
  /** How many differences a report lists at most; {@code differenceCount} counts them all. */
  public static final int MAX_LISTED = 50;

  public DrillReport {
    verified = List.copyOf(verified);
    differences = List.copyOf(differences);
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
