package dev.tandem.userdata;

import dev.tandem.ambari.AmbariClient;
import dev.tandem.ambari.AmbariConfig;
import dev.tandem.model.AccessSource;
import dev.tandem.model.UserDataChange.Action;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A group's tenants: its YARN queues, read from and written to the capacity scheduler through Ambari. */
final class AmbariQueues {
  static final String TYPE = "capacity-scheduler";

  private AmbariQueues() {}

  /** The tenants named {@code tenant}; none when the cluster has no capacity scheduler (no YARN). */
  static Tenants capture(AmbariClient client, String cluster, String tenant) {
    Optional<AmbariConfig> found = client.desiredConfig(cluster, TYPE);
    if (found.isEmpty()) {
      return new Tenants(List.of());
    }
    AmbariConfig config = found.get();
    CapacityScheduler cs = CapacityScheduler.parse(config.properties(), "Ambari " + client.endpoint().baseUri()
        + " cluster " + cluster + " " + TYPE + "/" + config.tag());
    return new Tenants(cs.tenants(tenant));
  }

  /**
   * Puts the captured tenants into the target's capacity scheduler as a new desired configuration, and
   * asks Ambari to have YARN refresh its queues. Checks first that every parent touched still has children
   * adding up to 100%; if not, nothing is written and the reason is a problem for the operator.
   */
  static void apply(Tenants cut, AmbariClient target, String cluster, String label, String site, ApplyLog log) {
    if (cut.tenants().isEmpty()) {
      return;
    }
    AmbariConfig current = target.desiredConfig(cluster, TYPE).orElse(null);
    if (current == null) {
      log.problem("YARN: the cluster " + cluster + " of " + site + " has no " + TYPE + " (is YARN installed?); tenants "
          + cut.tenants().stream().map(Tenants.Tenant::queue).toList() + " not applied");
      return;
    }
    CapacityScheduler before = CapacityScheduler.parse(current.properties(), "Ambari of " + site + " " + TYPE + "/"
        + current.tag());
    CapacityScheduler after = before.copy();
    Set<String> parents = new LinkedHashSet<>();
    for (Tenants.Tenant t : cut.tenants()) {
      try {
        for (String missing : after.put(t)) {
          log.action("Queue " + missing + " exists at the captured site but not at " + site + ": its capacity was "
              + "not set; check the capacities under " + t.parent());
        }
      } catch (IllegalStateException e) {
        log.problem("YARN: tenant " + t.queue() + " not applied at " + site + ": " + e.getMessage());
        return;
      }
      parents.add(t.parent());
      t.queues().forEach(q -> parents.add(q.path()));
    }
    List<String> wrong = new ArrayList<>();
    for (String p : parents) {
      String check = after.checkCapacities(p);
      if (!check.isEmpty()) {
        wrong.add(check);
      }
    }
    if (!wrong.isEmpty()) {
      log.problem("YARN: tenants not applied at " + site + ", the result would be invalid: " + wrong
          + "; adjust the queues there (sibling queues that only exist at " + site + " need capacity)");
      return;
    }
    Map<String, String> x = before.flat();
    Map<String, String> y = after.flat();
    Set<String> keys = new TreeSet<>(x.keySet());
    keys.addAll(y.keySet());
    int changed = 0;
    for (String k : keys) {
      String a = x.get(k);
      String b = y.get(k);
      if (java.util.Objects.equals(a, b)) {
        continue;
      }
      changed++;
      String subject = k.startsWith(CapacityScheduler.PREFIX) ? k.substring(CapacityScheduler.PREFIX.length()) : k;
      if (a == null) {
        log.change(AccessSource.YARN, Action.CREATE, subject, b);
      } else if (b == null) {
        log.change(AccessSource.YARN, Action.DELETE, subject, "was " + a);
      } else {
        log.change(AccessSource.YARN, Action.UPDATE, subject, a + " → " + b);
      }
    }
    if (changed == 0) {
      return;
    }
    if (log.writes()) {
      String tag = "tandem-" + label + "-" + System.currentTimeMillis();
      target.putDesiredConfig(cluster, new AmbariConfig(TYPE, tag, after.toAmbari()),
          "Tandem: tenants " + cut.tenants().stream().map(Tenants.Tenant::queue).toList() + " as of cut " + label);
      long request = target.refreshYarnQueues(cluster);
      log.change(AccessSource.YARN, Action.UPDATE, "capacity-scheduler", "configuration " + tag
          + ", queues refreshed (Ambari request " + request + ")");
    } else {
      log.change(AccessSource.YARN, Action.UPDATE, "capacity-scheduler", "new configuration, queues refreshed");
    }
  }
}
