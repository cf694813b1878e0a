package dev.tandem.model;

/**
 * One change that applying user data made at a site (or, in a dry run, would make).
 *
 * @param subject what changed, e.g. {@code user alice}, {@code /data/billing/events}, {@code root.billing.capacity}
 * @param detail how, e.g. {@code CLUSTER.USER on cluster west}, {@code 0750 → 0755}
 */
public record UserDataChange(AccessSource source, Action action, String subject, String detail) {
  public enum Action { CREATE, UPDATE, DELETE, GRANT, REVOKE }

  @Override
  public String toString() {
    return source + " " + action + " " + subject + (detail.isEmpty() ? "" : ": " + detail);
  }
}
