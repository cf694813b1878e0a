package dev.tandem.arbiter;

import dev.tandem.model.SiteId;
import java.util.List;

/**
 * Prepares the local site to become active: called by the site's agent, on its own thread, when the highest
 * epoch names the site in phase {@link Epoch.Phase#PROMOTING}. Must be idempotent: a promotion interrupted by a
 * crash is simply called again. Throwing leaves the phase at PROMOTING; the agent retries on its next heartbeat.
 * When it returns, the agent makes the site active with one compare-and-set (phase ACTIVE, pair and groups
 * rewritten to the new direction).
 */
@FunctionalInterface
public interface Promoter {
  Promoter NONE = request -> new Outcome(List.of(), List.of());

  Outcome promote(Request request);

  record Request(PairKey pair, Epoch epoch, SiteId site) {}

  /** Per group: the cut the site now serves; notes for the report (rollbacks, hooks that ran). */
  record Outcome(List<SwitchReport.GroupOutcome> groups, List<String> notes) {
    public Outcome {
      groups = List.copyOf(groups);
      notes = List.copyOf(notes);
    }
  }
}
