package dev.tandem.registry;

import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SiteId;
import dev.tandem.metastore.FencePaths;

/** Every znode path of a site's registry, in one place. Layout: {@code <root>/{sites,pairs,groups,locks,fences,audit}}. */
public final class RegistryPaths {
  private final String root;
  /** The metastore fence's part, shared with the metastores' listener (tandem-metastore-listener). */
  private final FencePaths fence;

  public RegistryPaths(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.fence = new FencePaths(this.root);
  }

  /** The metastore fence's znodes, as the metastores' {@link dev.tandem.metastore.MetastoreFenceWatch} sees them. */
  public FencePaths fence() {
    return fence;
  }

  public String sites() {
    return root + "/sites";
  }

  public String site(SiteId id) {
    return sites() + "/" + id.value();
  }

  public String pairs() {
    return root + "/pairs";
  }

  public String pair(String id) {
    return pairs() + "/" + id;
  }

  /**
   * Arbitration state of a cluster pair, keyed by its two sites without direction (failover flips the pair's
   * direction, not its key): {@code <root>/arbitration/<key>/{epoch,settings,status/<site>,verdicts/<arbiter>,
   * reports/<id>,decision-lock}}.
   */
  public String arbitration(String pairKey) {
    return root + "/arbitration/" + pairKey;
  }

  /** The pair's epoch record: which site is active, moved only by compare-and-set on the znode version. */
  public String epoch(String pairKey) {
    return arbitration(pairKey) + "/epoch";
  }

  public String arbitrationSettings(String pairKey) {
    return arbitration(pairKey) + "/settings";
  }

  public String siteStatuses(String pairKey) {
    return arbitration(pairKey) + "/status";
  }

  /** A site's heartbeat, written by that site's server to its own registry and to its peer's. */
  public String siteStatus(String pairKey, SiteId site) {
    return siteStatuses(pairKey) + "/" + site.value();
  }

  /** Ephemeral endorsements of the active site, one per arbiter. */
  public String verdicts(String pairKey) {
    return arbitration(pairKey) + "/verdicts";
  }

  public String verdict(String pairKey, String arbiter) {
    return verdicts(pairKey) + "/" + arbiter;
  }

  /** Reports of failovers, switchovers and failbacks. */
  public String switchReports(String pairKey) {
    return arbitration(pairKey) + "/reports";
  }

  public String switchReport(String pairKey, String id) {
    return switchReports(pairKey) + "/" + id;
  }

  /** Curator mutex that serialises arbiters deciding about the same pair in this registry. */
  public String decisionLock(String pairKey) {
    return arbitration(pairKey) + "/decision-lock";
  }

  public String groups() {
    return root + "/groups";
  }

  /** The group's configuration (data of the node); its children hold its state. */
  public String group(GroupName g) {
    return groups() + "/" + g.value();
  }

  public String cuts(GroupName g) {
    return group(g) + "/cuts";
  }

  public String cut(GroupName g, CutId id) {
    return cuts(g) + "/" + id.value();
  }

  public String lastGoodCut(GroupName g) {
    return group(g) + "/last-good-cut";
  }

  public String runs(GroupName g) {
    return group(g) + "/runs";
  }

  public String run(GroupName g, String runId) {
    return runs(g) + "/" + runId;
  }

  /** The group's continuous verification: per snapshot root, the sweep's cursor and when its pass began. */
  public String scrub(GroupName g) {
    return group(g) + "/scrub";
  }

  /** The group's active DR test (issue 21 C): one record while a test exposes a cut on this site. */
  public String drTest(GroupName g) {
    return group(g) + "/drtest";
  }

  public String lock(GroupName g) {
    return root + "/locks/" + g.value();
  }

  public String fence(GroupName g) {
    return root + "/fences/" + g.value();
  }

  public String fenceRaised(GroupName g) {
    return fence(g) + "/raised";
  }

  public String fenceWriters(GroupName g) {
    return fence(g) + "/writers";
  }

  /** Audit entries, one persistent sequential child per entry under a bucket per UTC day ({@code yyyy-MM-dd}). */
  public String audit() {
    return root + "/audit";
  }

  /** The scheduler's bookkeeping of a group: the last scheduled moment it has handled. */
  public String schedule(GroupName g) {
    return group(g) + "/schedule";
  }

  /** Leader latch of the servers of this site: exactly one of them schedules the pairs whose primary it is. */
  public String schedulerLeader() {
    return root + "/scheduler/leader";
  }

  /** Metastore fences: one ephemeral child per fenced group, its data the objects held. */
  public String metastoreFences() {
    return fence.metastoreFences();
  }

  public String metastoreFence(GroupName g) {
    return fence.metastoreFence(g.value());
  }

  /** Metastores holding writes for fences: one ephemeral child each, named by the metastore's watch. */
  public String metastoreInstances() {
    return fence.metastoreInstances();
  }

  public String metastoreInstance(String instance) {
    return fence.metastoreInstance(instance);
  }

  /** Confirmations of a group's fence: one ephemeral child per metastore, its data the fence's creation id. */
  public String metastoreAcks(String group) {
    return fence.metastoreAcks(group);
  }

  public String metastoreAck(String group, String instance) {
    return fence.metastoreAck(group, instance);
  }
}
