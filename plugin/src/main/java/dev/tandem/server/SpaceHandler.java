package dev.tandem.server;

import dev.tandem.model.FsSpace;
import dev.tandem.model.GroupName;
import dev.tandem.model.GroupSpace;
import dev.tandem.model.SiteSpace;
import dev.tandem.server.api.GroupSpaceDto;
import dev.tandem.server.api.SiteSpaceDto;
import dev.tandem.server.api.SnapshotHoldingDto;
import java.util.List;
import java.util.Optional;

/** The snapshot space of groups for the API and the UI: validation, then {@link SnapshotSpaceService}. */
public final class SpaceHandler {
  private final GroupHandler groups;
  private final SnapshotSpaceService service;

  SpaceHandler(GroupHandler groups, SnapshotSpaceService service) {
    this.groups = groups;
    this.service = service;
  }

  /** @param refresh {@code true}: measure now whatever the cache holds; null or {@code false}: the cache if fresh */
  public GroupSpaceDto space(String group, String refresh) {
    boolean now = RunHandler.flag("refresh", refresh);
    return dto(service.space(groups.find(group), now), true);
  }

  /** The cached measurement without per-snapshot lists, for {@code /status}; empty before the first one. */
  Optional<GroupSpaceDto> cached(GroupName group) {
    return service.cached(group).map(s -> dto(s, false));
  }

  static GroupSpaceDto dto(GroupSpace s, boolean withSnapshots) {
    return new GroupSpaceDto(s.group().value(), s.computedAt(), s.nextCutBytes(),
        List.of(site(s.primary(), "PRIMARY", withSnapshots), site(s.secondary(), "SECONDARY", withSnapshots)));
  }

  private static SiteSpaceDto site(SiteSpace s, String role, boolean withSnapshots) {
    FsSpace fs = s.fs();
    return new SiteSpaceDto(s.site().value(), role, s.cutsBytes(), s.driftBytes(), s.snapshotsBytes(),
        fs == null ? null : fs.capacityBytes(), fs == null ? null : fs.remainingBytes(),
        fs == null ? null : Math.round(fs.remainingPercent() * 100) / 100.0, s.complete(), s.error(),
        withSnapshots ? s.snapshots().stream().map(h -> new SnapshotHoldingDto(h.root(), h.name(), h.kind().name(),
            h.heldBytes(), h.exclusiveBytes())).toList() : List.of());
  }
}
