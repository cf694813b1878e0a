package dev.tandem.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One state-changing action: who did what to which target, when, and how it ended. The same entry (same
 * {@code id}) is written to the registry of every site it concerns; {@code unreached} names the sites it could not
 * be written to when it was recorded, so a reader of one site knows the other site's copy is missing.
 *
 * @param id unique across sites, so two sites' copies of one entry are recognisably the same
 * @param user the authenticated principal; {@code scheduler} or {@code arbiter <id>} for Tandem's own decisions
 * @param via how {@code user} was authenticated ({@code basic}, {@code kerberos}, {@code view}, {@code none}),
 *     or {@code cli}, {@code scheduler}, {@code arbiter}
 * @param action what was done, e.g. {@code groups.create}, {@code pairs.switchover}, {@code scheduler.run}
 * @param target what it was done to, e.g. the request path {@code /api/v1/groups/billing/runs}
 * @param group the protection group concerned, or null
 * @param parameters the request's parameters with secrets left out
 * @param status the HTTP status answered, or 0 for actions that were not HTTP requests
 * @param success whether the action did what was asked
 * @param error why not, or null
 * @param recordedBy the site whose server (or the CLI next to it) recorded the entry
 */
public record AuditEntry(String id, Instant time, String user, String via, String action, String target,
    String group, Map<String, String> parameters, int status, boolean success, String error, String recordedBy,
    List<String> unreached) {
  public AuditEntry {
    Objects.requireNonNull(id, "id cannot be null");
    Objects.requireNonNull(time, "time cannot be null");
    user = user == null || user.isBlank() ? "anonymous" : user;
    via = via == null ? "" : via;
    Objects.requireNonNull(action, "action cannot be null");
    target = target == null ? "" : target;
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    unreached = unreached == null ? List.of() : List.copyOf(unreached);
  }

  /** The same entry, marked as not written to {@code sites}. */
  public AuditEntry withUnreached(List<String> sites) {
    return new AuditEntry(id, time, user, via, action, target, group, parameters, status, success, error,
        recordedBy, sites);
  }
}
