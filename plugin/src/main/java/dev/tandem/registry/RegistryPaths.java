package dev.tandem.registry;

import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.SiteId;

/** Every znode path of a site's registry, in one place. Layout: {@code <root>/{sites,pairs,groups,locks,fences}}. */
public final class RegistryPaths {
  private final String root;

  public RegistryPaths(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
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
    return root + "/metastore-fences";
  }

  public String metastoreFence(GroupName g) {
    return metastoreFences() + "/" + g.value();
  }

  /** In-flight metastore writes: one ephemeral sequential child each, whatever group they touch. */
  public String metastoreWrites() {
    return root + "/metastore-writes";
  }
}
