package dev.tandem.server;

import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Registry;
import dev.tandem.engine.SiteConnections;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.SiteId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The registry of any known site, seen from this server: its own directly, the others through the connections. */
final class Registries {
  private final ControlPlane controlPlane;
  private final SiteConnections connections;
  private final SiteId localId;
  private volatile Predicate<SiteId> reachable = s -> true;

  Registries(ControlPlane controlPlane, SiteConnections connections, SiteId localId) {
    this.controlPlane = controlPlane;
    this.connections = connections;
    this.localId = localId;
  }

  /** What the health monitor last knew; reads that must not wait for a dead site consult it. */
  void reachability(Predicate<SiteId> value) {
    this.reachable = value;
  }

  /** The registry of {@code site} unless the health monitor last found the site unreachable. */
  Optional<Registry> ifReachable(SiteId site) {
    return site.equals(localId) || reachable.test(site) ? Optional.of(of(site)) : Optional.empty();
  }

  Registry local() {
    return controlPlane.registry();
  }

  SiteId localId() {
    return localId;
  }

  Registry of(SiteId site) {
    return site.equals(localId) ? local() : connections.open(controlPlane.site(site)).registry();
  }

  /** Where a group's runs are recorded: the registry of its primary site. */
  Registry runsOf(ProtectionGroup group) {
    return of(group.pair().primary());
  }

  /**
   * Writes {@code write} to the group's secondary first, then its primary, then the local registry if it is
   * neither: the secondary must be able to act alone, and a failure before the first write changes nothing.
   */
  void everywhere(ProtectionGroup group, java.util.function.Consumer<Registry> write) {
    Set<SiteId> order = new LinkedHashSet<>(List.of(group.pair().secondary(), group.pair().primary(), localId));
    List<Registry> registries = order.stream().map(this::of).toList();
    registries.forEach(write);
  }
}
