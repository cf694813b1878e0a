package dev.tandem.server;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.server.api.ArbitrationSettingsDto;
import dev.tandem.server.api.DrillDto;
import dev.tandem.server.api.EpochDto;
import dev.tandem.server.api.FailbackDto;
import dev.tandem.server.api.GroupOutcomeDto;
import dev.tandem.server.api.OperationDto;
import dev.tandem.server.api.SwitchReportDto;
import dev.tandem.switchover.DrillReport;
import dev.tandem.switchover.ReprotectReport;
import java.util.List;

/** Arbitration records and operation reports as API DTOs. */
final class ArbitrationConverter {
  private ArbitrationConverter() {}

  static EpochDto epoch(Epoch e) {
    return new EpochDto(e.number(), e.revision(), e.active().value(), e.phase().name(), e.protection().name(),
        e.transition().name(), e.decidedAt(), e.decidedBy(), e.reason());
  }

  static ArbitrationSettingsDto settings(ArbitrationSettings s) {
    return new ArbitrationSettingsDto(s.autoFailover(), s.grace().toMillis(), s.lease().toMillis(),
        s.heartbeat().toMillis());
  }

  static SwitchReportDto report(SwitchReport r) {
    return new SwitchReportDto(r.id(), r.kind().name(), r.epoch(), r.from().value(), r.to().value(), r.startedAt(),
        r.activeAt(), r.rto() == null ? 0 : r.rto().toMillis(), groups(r.groups()), r.notes());
  }

  static FailbackDto failback(ReprotectReport r) {
    return new FailbackDto(r.source().value(), r.target().value(), r.startedAt(), r.endedAt(), r.bytesCopied(),
        r.bytesTotal(), groups(r.groups()), r.notes(), r.switchBack().map(ArbitrationConverter::report).orElse(null));
  }

  static DrillDto drill(DrillReport r) {
    return new DrillDto(r.startedAt(), r.endedAt(), report(r.failover()), r.verified(), r.dataMatches(),
        r.comparedWithPrimary(), r.differences(), r.differenceCount(), failback(r.failback()));
  }

  static OperationDto operation(DrOperations.Operation op) {
    // Read the state first: the report is written before the state says SUCCEEDED.
    DrOperations.State state = op.state;
    Object report = state == DrOperations.State.SUCCEEDED ? op.report : null;
    return new OperationDto(op.id, op.pair.value(), op.kind.name(), state.name(), op.requestedBy, op.startedAt,
        state == DrOperations.State.RUNNING ? null : op.endedAt, op.error,
        report instanceof SwitchReport s ? report(s) : null,
        report instanceof ReprotectReport f ? failback(f) : null,
        report instanceof DrillReport d ? drill(d) : null);
  }

  private static List<GroupOutcomeDto> groups(List<SwitchReport.GroupOutcome> groups) {
    return groups.stream().map(g -> new GroupOutcomeDto(g.group(), g.cut(),
        g.dataLoss() == null ? null : g.dataLoss().toMillis(), g.bytesCopied(), g.bytesTotal(), g.keptAs())).toList();
  }
}
