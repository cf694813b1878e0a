package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.model.CutId;
import dev.tandem.model.DrTest;
import dev.tandem.model.DrTestReport;
import dev.tandem.model.DrTestReport.Comparison;
import dev.tandem.model.DrTestReport.Usage;
import dev.tandem.model.DrTestRequest;
import dev.tandem.model.DrTestStopReport;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.server.api.DrTestCheckDto;
import dev.tandem.server.api.DrTestDto;
import dev.tandem.server.api.DrTestPathDto;
import dev.tandem.server.api.DrTestRequestDto;
import dev.tandem.server.api.DrTestStopDto;
import dev.tandem.server.api.DrTestTableDto;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DR tests without failover (issue 21 C): start, status and stop of a group's test on its secondary. The group is
 * named in the path (unknown: 404); the body's fields are checked at the boundary (422 naming the field) before
 * anything is written.
 */
public final class DrTestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DrTestHandler.class);

  private final GroupHandler groups;
  private final ControlPlane controlPlane;

  DrTestHandler(GroupHandler groups, ControlPlane controlPlane) {
    this.groups = groups;
    this.controlPlane = controlPlane;
  }

  public DrTestDto start(String groupName, DrTestRequestDto body, String user) {
    ProtectionGroup group = groups.find(groupName);
    Optional<CutId> cut = Optional.ofNullable(body).map(DrTestRequestDto::cut).filter(c -> !c.isBlank())
        .map(c -> {
          try {
            return new CutId(c.trim());
          } catch (InvalidInputException e) {
            throw new InvalidInputException("cut", "Invalid cut id '" + RunHandler.printable(c)
                + "' (see GET /api/v1/groups/" + group.name() + "/cuts)");
          }
        });
    DrTest test = controlPlane.startDrTest(new DrTestRequest(group.name(), cut,
        body == null ? null : body.databaseSuffix()), user);
    LOG.info("User {} started a DR test of group {} on cut {} at {}: databases {}, {}", user, group.name(),
        test.cut(), test.site(), test.databases(), test.finished().map(r -> r.passed() ? "all checks ok"
            : r.checks().stream().filter(c -> !c.ok()).count() + " check(s) failed").orElse("unfinished"));
    return dto(test);
  }

  public DrTestDto status(String groupName) {
    ProtectionGroup group = groups.find(groupName);
    return dto(controlPlane.drTest(group.name()).orElseThrow(() -> new NotFoundException("No DR test of group "
        + group.name() + " is active")));
  }

  /** The group's active DR test, if any (for pages that show it beside other things). */
  public Optional<DrTestDto> active(String groupName) {
    return controlPlane.drTest(groups.find(groupName).name()).map(DrTestHandler::dto);
  }

  public DrTestStopDto stop(String groupName, String user) {
    ProtectionGroup group = groups.find(groupName);
    DrTestStopReport r = controlPlane.stopDrTest(group.name());
    LOG.info("User {} stopped the DR test of group {} on cut {}: dropped {}", user, group.name(), r.cut(),
        r.databasesDropped());
    return new DrTestStopDto(r.group().value(), r.cut().value(), r.databasesDropped(), r.tablesDropped(),
        r.holdReleased(), r.notes());
  }

  static DrTestDto dto(DrTest t) {
    Optional<DrTestReport> r = t.finished();
    return new DrTestDto(t.group().value(), t.cut().value(), r.map(DrTestReport::cutTakenAt).orElse(null),
        t.site().value(), r.map(x -> x.primary().value()).orElse(null), t.startedAt(), t.startedBy(),
        t.databaseSuffix(), t.databases(), r.isPresent(), r.map(DrTestReport::passed).orElse(false),
        r.map(DrTestReport::checkedAt).orElse(null),
        r.map(x -> x.paths().stream().map(p -> new DrTestPathDto(p.path(), p.snapshotPath(), p.exists(),
            p.usage().files(), p.usage().bytes(), p.usage().primary().name(), primaryFiles(p.usage()),
            primaryBytes(p.usage()))).toList()).orElse(List.of()),
        r.map(x -> x.tables().stream().map(e -> new DrTestTableDto(e.source(), e.test(), e.exposed(), e.location(),
            e.partitions(), e.directories(), e.missingDirectories(), e.missing(), e.usage().files(),
            e.usage().bytes(), e.usage().primary().name(), primaryFiles(e.usage()), primaryBytes(e.usage())))
            .toList()).orElse(List.of()),
        r.map(x -> x.checks().stream().map(c -> new DrTestCheckDto(c.name(), c.ok(), c.detail())).toList())
            .orElse(List.of()),
        r.map(DrTestReport::notes).orElse(List.of("The start has not finished (or was cut short): stop the test "
            + "to remove what it created")));
  }

  private static Long primaryFiles(Usage u) {
    return compared(u) ? u.primaryFiles() : null;
  }

  private static Long primaryBytes(Usage u) {
    return compared(u) ? u.primaryBytes() : null;
  }

  private static boolean compared(Usage u) {
    return u.primary() == Comparison.EQUAL || u.primary() == Comparison.DIFFERENT;
  }
}
