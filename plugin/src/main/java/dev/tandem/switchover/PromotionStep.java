package dev.tandem.switchover;

/**
 * A part of making a site the active one, after its HDFS data has been rolled back to each group's last good cut
 * and before the site is declared active. The hooks this is made for:
 * <ul>
 *   <li>put the replicated Hive tables at the cut (a replay cut short is undone):
 *       {@link dev.tandem.hive.HiveRollback};</li>
 *   <li>apply the backed-up user data (users, groups, ACLs, grants, Ranger policies, queues) of the cut:
 *       {@link ApplyUserData}.</li>
 * </ul>
 * Steps run in order, on the promoted site's server. A step must be idempotent (a promotion interrupted by a
 * crash runs every step again) and throw to stop the promotion, which is then retried at the next heartbeat:
 * a site is never declared active with a step undone.
 */
public interface PromotionStep {
  /** For logs and the switch report. */
  String name();

  void apply(PromotionContext context);
}
