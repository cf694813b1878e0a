package dev.tandem.arbiter;

import dev.tandem.model.SiteId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one change of the active site achieved, kept in both registries: the recovery time and, per group, the
 * cut the new active serves and the data-loss window (the time between that cut and the moment the old active
 * was last seen healthy; zero for a planned switchover, whose last cut is taken after the fence).
 *
 * @param startedAt when the outage began: the old active's last healthy moment (failover) or the fence
 *     (switchover)
 * @param activeAt when the new active was promoted and writable
 */
public record SwitchReport(String id, Epoch.Transition kind, long epoch, SiteId from, SiteId to, Instant startedAt,
    Instant activeAt, Duration rto, List<GroupOutcome> groups, List<String> notes) {
  public SwitchReport {
    groups = groups == null ? List.of() : List.copyOf(groups);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * @param cut the cut the group's data equals on the new active (null: the group had no committed cut)
   * @param dataLoss time from that cut to the start of the outage; null when unknown
   * @param bytesCopied bytes replicated for the group by this operation (failback, final run)
   * @param bytesTotal size of the group's protected data, to compare with {@code bytesCopied}
   * @param keptAs snapshots that keep state rolled back by this operation (divergent changes)
   */
  public record GroupOutcome(String group, String cut, Duration dataLoss, long bytesCopied, long bytesTotal,
      List<String> keptAs) {
    public GroupOutcome {
      keptAs = keptAs == null ? List.of() : List.copyOf(keptAs);
    }
  }

  public static String newId(Epoch.Transition kind, long epoch, Instant at) {
    return String.format("%s-%06d-%d", kind.name().toLowerCase(java.util.Locale.ROOT), epoch, at.toEpochMilli());
  }
}
