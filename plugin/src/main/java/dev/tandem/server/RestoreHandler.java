package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Registry;
import dev.tandem.model.CutId;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.RestoreReport;
import dev.tandem.model.RestoreRequest;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotRoot;
import dev.tandem.server.api.CutDto;
import dev.tandem.server.api.RestoreActionDto;
import dev.tandem.server.api.RestoreEntryDto;
import dev.tandem.server.api.RestoreReportDto;
import dev.tandem.server.api.RestoreRequestDto;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kept cuts of a group and restores from them. The group and the cut are named in the path (unknown: 404); the
 * body's fields are checked at the boundary (422 naming the field) before anything is written.
 */
public final class RestoreHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreHandler.class);

  private final GroupHandler groups;
  private final Registries registries;
  private final ControlPlane controlPlane;

  RestoreHandler(GroupHandler groups, Registries registries, ControlPlane controlPlane) {
    this.groups = groups;
    this.registries = registries;
    this.controlPlane = controlPlane;
  }

  /** The group's kept (committed) cuts, oldest first, as its secondary records them (else its primary). */
  public List<CutDto> cuts(String groupName) {
    ProtectionGroup group = groups.find(groupName);
    Registry registry = registries.ifReachable(group.pair().secondary())
        .orElseGet(() -> registries.of(group.pair().primary()));
    Optional<CutId> last = registry.lastGoodCut(group.name());
    return registry.cuts(group.name()).stream().filter(c -> last.isPresent() && c.id().compareTo(last.get()) <= 0)
        .map(c -> new CutDto(c.id().value(), c.takenAt(), c.id().equals(last.get()),
            c.roots().stream().map(SnapshotRoot::path).toList())).toList();
  }

  public RestoreReportDto restore(String groupName, String cutText, RestoreRequestDto body, String user) {
    ProtectionGroup group = groups.find(groupName);
    CutId cut;
    try {
      cut = new CutId(cutText);
    } catch (InvalidInputException e) {
      throw new NotFoundException("Unknown cut '" + RunHandler.printable(cutText) + "' of group " + group.name());
    }
    InvalidInputException.check(body != null, "site", "A restore needs a body naming site and path or table");
    InvalidInputException.check(body.site() != null && !body.site().isBlank(), "site",
        "site is required: %s or %s", group.pair().primary(), group.pair().secondary());
    SiteId site = SiteId.of(body.site().trim());
    RestoreRequest request = new RestoreRequest(group.name(), cut, site, body.path(), body.table(),
        body.partitions(), body.targetPath(), body.targetTable(), Boolean.TRUE.equals(body.dryRun()),
        Boolean.TRUE.equals(body.overwrite()));
    RestoreReport r = controlPlane.restore(request);
    if (!r.dryRun()) {
      LOG.info("User {} restored {} of cut {} of group {} on {}: {} file(s), {} byte(s), {} table(s), {} partition(s)",
          user, request.isTable() ? request.table() : request.path(), cut, group.name(), site, r.filesCopied(),
          r.bytesCopied(), r.tablesWritten(), r.partitionsWritten());
    }
    return dto(r);
  }

  static RestoreReportDto dto(RestoreReport r) {
    return new RestoreReportDto(r.group().value(), r.cut().value(), r.site().value(), r.dryRun(),
        r.actions().stream().map(a -> new RestoreActionDto(a.kind().name(), a.source(), a.target(), a.replaces()))
            .toList(),
        r.entries().stream().map(e -> new RestoreEntryDto(e.path(), e.directory(), e.length())).toList(),
        r.entriesOmitted(), r.filesCopied(), r.bytesCopied(), r.pathsDeleted(), r.tablesWritten(),
        r.partitionsWritten(), r.notes());
  }
}
