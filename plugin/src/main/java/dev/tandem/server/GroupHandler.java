package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.GroupLock;
import dev.tandem.engine.Registry;
import dev.tandem.model.ConflictException;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.TandemException;
import dev.tandem.server.api.GroupDto;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.api.GroupStateDto;
import dev.tandem.server.api.RunSummaryDto;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Protection groups: validation at the boundary, then the control plane; reads add the group's state. */
public final class GroupHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GroupHandler.class);

  private final ControlPlane controlPlane;
  private final Registries registries;
  private final RunTracker tracker;
  private final Clock clock;

  GroupHandler(ControlPlane controlPlane, Registries registries, RunTracker tracker, Clock clock) {
    this.controlPlane = controlPlane;
    this.registries = registries;
    this.tracker = tracker;
    this.clock = clock;
  }

  public List<GroupDto> list() {
    return registries.local().groups().stream().sorted(Comparator.comparing(g -> g.name().value()))
        .map(this::dto).toList();
  }

  public GroupDto get(String name) {
    return dto(find(name));
  }

  ProtectionGroup find(String name) {
    GroupName group;
    try {
      group = GroupName.of(name);
    } catch (TandemException e) {
      throw new NotFoundException("Unknown protection group '" + name + "'");
    }
    return controlPlane.group(group);
  }

  public GroupDto create(GroupRequest request, String user) {
    ProtectionGroup group = ApiConverter.group(request, null);
    if (registries.local().group(group.name()).isPresent()) {
      throw new ConflictException("Protection group '" + group.name() + "' already exists");
    }
    controlPlane.putGroup(group);
    LOG.info("User {} created protection group {}", user, group.name());
    return dto(group);
  }

  public GroupDto update(String name, GroupRequest request, String user) {
    ProtectionGroup existing = find(name);
    ProtectionGroup group = ApiConverter.group(request, existing.name().value());
    if (!group.pair().equals(existing.pair())) {
      throw new ConflictException("Group '" + name + "' belongs to pair " + existing.pair().id()
          + "; a group cannot move to another pair (delete it and create it anew)");
    }
    controlPlane.putGroup(group);
    LOG.info("User {} updated protection group {}", user, group.name());
    return dto(group);
  }

  /** Removes the group from both registries. Its snapshots stay on both sites for the operator to inspect. */
  public void delete(String name, String user) {
    ProtectionGroup group = find(name);
    tracker.active(group.name()).ifPresent(a -> {
      throw new ConflictException("A run of group " + name + " is in progress; cancel it first");
    });
    // Deleting the group would drop the DR test's record with it and leave its test databases behind.
    registries.ifReachable(group.pair().secondary()).flatMap(r -> r.drTest(group.name())).ifPresent(t -> {
      throw new ConflictException("A DR test of group " + name + " is active (cut " + t.cut()
          + "); stop it first (tandem drtest stop " + name + ")");
    });
    Registry primary = registries.runsOf(group);
    try (GroupLock.Held held = primary.lock(group.name()).acquire(Duration.ZERO)) {
      registries.everywhere(group, r -> r.deleteGroup(group.name()));
    } catch (ConflictException e) {
      throw new ConflictException("A run of group " + name + " is in progress on another server; cancel it first");
    }
    LOG.info("User {} deleted protection group {}", user, group.name());
  }

  public GroupDto enable(String name, boolean enabled, String user) {
    ProtectionGroup group = find(name).withEnabled(enabled);
    registries.everywhere(group, r -> r.putGroup(group));
    LOG.info("User {} {} protection group {}", user, enabled ? "enabled" : "disabled", group.name());
    return dto(group);
  }

  GroupDto dto(ProtectionGroup g) {
    return new GroupDto(g.name().value(), g.pair().id(), g.pair().primary().value(), g.pair().secondary().value(),
        g.dataSets().stream().map(ApiConverter::dataSet).toList(), ApiConverter.schedule(g.schedule()), g.retention(),
        g.snapshots().name(), g.enabled(), state(g), g.hiveFencing().name());
  }

  private GroupStateDto state(ProtectionGroup g) {
    Instant now = clock.instant();
    Optional<CutId> cut = registries.local().lastGoodCut(g.name());
    Long lag = cut.map(c -> Math.max(0, Duration.between(c.instant(), now).getSeconds())).orElse(null);
    boolean breached = lag != null && lag > g.schedule().periodicity().getSeconds();
    RunSummaryDto last = lastRun(g).map(ApiConverter::summary).orElse(null);
    RunSummaryDto active = tracker.active(g.name()).map(a -> a.latest).map(ApiConverter::summary).orElse(null);
    return new GroupStateDto(cut.map(CutId::value).orElse(null), cut.map(CutId::instant).orElse(null), lag, breached,
        g.enabled() ? g.schedule().nextAfter(now) : null, last, active);
  }

  /** The group's newest run record, if its primary's registry can be read now. */
  Optional<Run> lastRun(ProtectionGroup g) {
    try {
      return registries.ifReachable(g.pair().primary()).flatMap(r -> r.runs(g.name(), 1).stream().findFirst());
    } catch (TandemException e) {
      LOG.debug("No run history of {}: {}", g.name(), e.getMessage());
      return Optional.empty();
    }
  }
}
