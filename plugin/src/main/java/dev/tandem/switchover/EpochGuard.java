package dev.tandem.switchover;

import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Versioned;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.RunStep;
import dev.tandem.model.SiteId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps the engine's own writes behind the epoch: a run replicates from the group's primary only while the highest
 * epoch (in the registries it can read, the target's among them) names that site active, promotion done, and the
 * pair protected. Checked before the steps that write to the other site or move the last good cut; a demoted site
 * that still has runs scheduled thus fails them with a clear message instead of overwriting the new active.
 *
 * <p>Install it as the {@link StepInterceptor} of the server's control plane ({@code next} keeps any other
 * interceptor). A pair that was never put under arbitration (no epoch in any registry) is not restricted.
 *
 * <p>Limits: the check and the write are not one transaction. A step already past its check when the epoch moves
 * completes; the promoted site rolls back whatever such a step left uncommitted when it is promoted, and a commit
 * is checked again right before it.
 */
public final class EpochGuard implements StepInterceptor {
  private static final Set<RunStep> CHECKED = Set.of(RunStep.SYNC_CONFIG, RunStep.REPLICATE, RunStep.SEAL,
      RunStep.COMMIT);

  private final Function<GroupName, Optional<ProtectionGroup>> groups;
  private final Function<SiteId, ArbitrationStore> stores;
  private final StepInterceptor next;

  /**
   * @param groups the group as the control plane that runs it knows it (its pair names the run's direction)
   * @param stores the arbitration store of each site
   */
  public EpochGuard(Function<GroupName, Optional<ProtectionGroup>> groups, Function<SiteId, ArbitrationStore> stores,
      StepInterceptor next) {
    this.groups = groups;
    this.stores = stores;
    this.next = next;
  }

  @Override
  public void before(GroupName group, RunStep step) {
    if (CHECKED.contains(step)) {
      check(group);
    }
    next.before(group, step);
  }

  @Override
  public void after(GroupName group, RunStep step) {
    next.after(group, step);
  }

  /** Throws unless a run of {@code group} in its configured direction is allowed now. */
  public void check(GroupName group) {
    Optional<ProtectionGroup> g = groups.apply(group);
    if (g.isEmpty()) {
      return; // the run itself reports the unknown group
    }
    SiteId source = g.get().pair().primary();
    SiteId target = g.get().pair().secondary();
    PairKey pair = PairKey.of(g.get().pair());
    Optional<Versioned<Epoch>> atTarget;
    try {
      atTarget = stores.apply(target).epoch(pair);
    } catch (PeerUnavailableException e) {
      throw new PeerUnavailableException("Run of group " + group + " refused: the registry of " + target
          + " cannot be read to check the epoch", e);
    }
    Optional<Versioned<Epoch>> atSource;
    try {
      atSource = stores.apply(source).epoch(pair);
    } catch (PeerUnavailableException e) {
      atSource = Optional.empty();
    }
    Epoch highest = null;
    for (Optional<Versioned<Epoch>> e : java.util.List.of(atTarget, atSource)) {
      if (e.isPresent() && (highest == null || e.get().value().newerThan(highest))) {
        highest = e.get().value();
      }
    }
    if (highest == null) {
      return;
    }
    if (!highest.names(source)) {
      throw new ConflictException("Run of group " + group + " from " + source + " refused: " + highest + " names "
          + highest.active() + " active (" + highest.reason() + ")");
    }
    if (highest.phase() != Epoch.Phase.ACTIVE) {
      throw new ConflictException("Run of group " + group + " refused: " + highest + " is still being carried out");
    }
    if (highest.protection() != Epoch.Protection.PROTECTED) {
      throw new ConflictException("Run of group " + group + " from " + source + " to " + target + " refused: the pair "
          + "is not protected since " + highest.transition().name().toLowerCase() + " to " + source
          + "; reprotect it first ('tandem failback')");
    }
  }
}
