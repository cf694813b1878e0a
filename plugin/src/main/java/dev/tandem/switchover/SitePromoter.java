package dev.tandem.switchover;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.Promoter;
import dev.tandem.arbiter.SwitchReport;
import dev.tandem.engine.SiteConnections;
import dev.tandem.engine.SiteHandle;
import dev.tandem.model.Cut;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.TandemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes a site: every group of the pair is rolled back to its last good cut on this site's HDFS
 * ({@link HdfsRollback}), then the {@link PromotionStep}s run in order (Hive, user data). Runs on the promoted
 * site's server, through its own clients only: the other site may be gone.
 */
public final class SitePromoter implements Promoter {
  private static final Logger LOG = LoggerFactory.getLogger(SitePromoter.class);

  private final Site self;
  private final SiteConnections connections;
  private final List<PromotionStep> steps;
  private final Clock clock;

  public SitePromoter(Site self, SiteConnections connections, List<PromotionStep> steps, Clock clock) {
    this.self = self;
    this.connections = connections;
    this.steps = List.copyOf(steps);
    this.clock = clock;
  }

  @Override
  public Outcome promote(Request request) {
    if (!request.site().equals(self.id())) {
      throw new IllegalArgumentException("This promoter serves " + self.id() + ", not " + request.site());
    }
    SiteHandle site = connections.open(self);
    HdfsRollback rollback = new HdfsRollback(site, connections.replicator(self, self), clock);
    List<String> notes = new ArrayList<>();
    List<PromotionContext.PromotedGroup> groups = new ArrayList<>();
    List<SwitchReport.GroupOutcome> outcomes = new ArrayList<>();
    for (ProtectionGroup g : groupsOf(site, request.pair())) {
      HdfsRollback.Outcome o = rollback.apply(g);
      notes.addAll(o.notes());
      groups.add(new PromotionContext.PromotedGroup(g, o.cut()));
      outcomes.add(new SwitchReport.GroupOutcome(g.name().value(), o.cut().map(c -> c.id().value()).orElse(null),
          o.cut().map(c -> dataLoss(request.epoch(), c)).orElse(null), 0, 0, o.keptAs()));
    }
    PromotionContext context = new PromotionContext(request.pair(), request.epoch(), site, groups, notes);
    for (PromotionStep step : steps) {
      try {
        step.apply(context);
      } catch (RuntimeException e) {
        throw new TandemException("Promotion step '" + step.name() + "' failed on " + self.id() + ": "
            + e.getMessage(), e);
      }
      notes.add("Promotion step '" + step.name() + "' done");
    }
    LOG.info("Site {} ready to be active for {}: {}", self.id(), request.epoch(), notes);
    return new Outcome(outcomes, notes);
  }

  static List<ProtectionGroup> groupsOf(SiteHandle site, PairKey pair) {
    return site.registry().groups().stream().filter(g -> PairKey.of(g.pair()).equals(pair)).toList();
  }

  /**
   * What a failover loses of a group: everything written between its last good cut and the moment the old active
   * was last seen healthy. A planned switchover's last cut is taken after the fence, so it loses nothing.
   */
  static Duration dataLoss(Epoch epoch, Cut cut) {
    Instant outage = epoch.transition() == Epoch.Transition.FAILOVER && epoch.primaryLastSeen() != null
        ? epoch.primaryLastSeen() : epoch.decidedAt();
    Duration d = Duration.between(cut.takenAt(), outage);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The groups the promotion would serve and the cut each would be rolled back to, without changing anything. */
  static List<PromotionContext.PromotedGroup> plan(SiteHandle site, PairKey pair) {
    List<PromotionContext.PromotedGroup> out = new ArrayList<>();
    for (ProtectionGroup g : groupsOf(site, pair)) {
      Optional<Cut> cut = site.registry().lastGoodCut(g.name()).flatMap(id -> site.registry().cut(g.name(), id));
      out.add(new PromotionContext.PromotedGroup(g, cut));
    }
    return out;
  }
}
