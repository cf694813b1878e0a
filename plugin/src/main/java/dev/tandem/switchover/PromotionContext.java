package dev.tandem.switchover;

import dev.tandem.arbiter.Epoch;
import dev.tandem.arbiter.PairKey;
import dev.tandem.engine.SiteHandle;
import dev.tandem.model.Cut;
import dev.tandem.model.ProtectionGroup;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link PromotionStep} gets: the site being promoted, the decision, and every group of the pair with the
 * cut its HDFS data was rolled back to (empty when the group never committed a cut here). {@code notes} collects
 * lines for the switch report; steps add to it.
 */
public record PromotionContext(PairKey pair, Epoch epoch, SiteHandle site, List<PromotedGroup> groups,
    List<String> notes) {
  public PromotionContext {
    groups = List.copyOf(groups);
  }

  /** A group and the cut (files and, later, metastore event id) the promoted site now serves for it. */
  public record PromotedGroup(ProtectionGroup group, Optional<Cut> cut) {}
}
