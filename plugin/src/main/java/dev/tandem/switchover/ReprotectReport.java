package dev.tandem.switchover;

import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.model.SiteId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a failback did: replication from the active site back to the old primary resumed from each group's last
 * common cut (only the snapshot diff copied; {@code bytesCopied} against {@code bytesTotal} shows it), the old
 * primary's divergent state kept as snapshots ({@code keptAs}) and rolled back; and, if asked, the switch back.
 */
public record ReprotectReport(PairKey pair, SiteId source, SiteId target, Instant startedAt, Instant endedAt,
    List<SwitchReport.GroupOutcome> groups, List<String> notes, Optional<SwitchReport> switchBack) {
  public ReprotectReport {
    groups = List.copyOf(groups);
    notes = List.copyOf(notes);
  }

  public long bytesCopied() {
    return groups.stream().mapToLong(SwitchReport.GroupOutcome::bytesCopied).sum();
  }

  public long bytesTotal() {
    return groups.stream().mapToLong(SwitchReport.GroupOutcome::bytesTotal).sum();
  }
}
