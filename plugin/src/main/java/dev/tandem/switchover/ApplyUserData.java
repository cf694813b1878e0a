package dev.tandem.switchover;

import dev.tandem.model.ApplyMode;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.UserDataApplyReport;

/**
 * Applies to the promoted site, for each group, the user data (manager users and privileges, HDFS owners and
 * ACLs, Hive grants, Ranger policies, YARN queues) kept with the cut the site now serves: the site's
 * {@link dev.tandem.engine.UserDataBackup}. Applying is idempotent. A source that cannot be applied (Ranger down,
 * say) is reported, not fatal: the data is served either way, and an operator can apply the version again later.
 * A group without a kept version (no user data configured, or a cut older than user-data backups) is noted.
 */
public final class ApplyUserData implements PromotionStep {
  @Override
  public String name() {
    return "apply user data";
  }

  @Override
  public void apply(PromotionContext context) {
    for (PromotionContext.PromotedGroup g : context.groups()) {
      if (g.cut().isEmpty()) {
        continue;
      }
      String what = "User data of group " + g.group().name() + " at cut " + g.cut().get().id();
      UserDataApplyReport r;
      try {
        r = context.site().userData().apply(g.group().name(), g.cut().get().id(), ApplyMode.APPLY);
      } catch (NotFoundException e) {
        context.notes().add(what + ": none kept (" + e.getMessage() + ")");
        continue;
      }
      context.notes().add(what + ": " + r.changes().size() + " change(s) applied"
          + (r.ok() ? "" : "; NOT applied: " + r.problems())
          + (r.operatorActions().isEmpty() ? "" : "; for an operator: " + r.operatorActions()));
    }
  }
}
