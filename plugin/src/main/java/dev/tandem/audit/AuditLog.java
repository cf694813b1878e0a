package dev.tandem.audit;

import dev.tandem.model.TandemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audit entries durably on the local site and on every peer that can be reached, and logs each one to the
 * SLF4J logger {@code dev.tandem.audit} (so operators can ship it to a file of its own).
 *
 * <p>The peers are written first: the local copy then says which of them it could not reach ({@link
 * AuditEntry#unreached()}). A peer that fails costs the entry nothing locally; a local store that fails leaves the
 * entry in the log line (marked so) and on the peers, never fails the action it records.
 */
public final class AuditLog {
  /** The logger operators route to an audit file. */
  public static final String LOGGER = "dev.tandem.audit";
  /** {@code tandem.audit.retention}'s default, 90 days. */
  public static final Duration RETENTION_DEFAULT = Duration.ofDays(90);
  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final String localSite;
  private final AuditStore local;
  private final Supplier<Map<String, AuditStore>> peers;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param peers the stores of the sites this one is paired with, by site id, looked up for each entry (pairs
   *     come and go); a peer the caller knows to be unreachable maps to null and is marked without a try
   */
  public AuditLog(String localSite, AuditStore local, Supplier<Map<String, AuditStore>> peers, Clock clock,
      Duration retention) {
    this.localSite = localSite;
    this.local = local;
    this.peers = peers;
    this.clock = clock;
    this.retention = retention;
  }

  /** What an action was and how it ended; {@link #record} adds id, time and the recording site. */
  public record Action(String user, String via, String action, String target, String group,
      Map<String, String> parameters, int status, boolean success, String error) {
    /** An arbiter promoted {@code to.active()} of {@code pair} (in a server, or in {@code tandem arbiter run}). */
    public static Action promotion(String arbiter, dev.tandem.arbiter.PairKey pair, dev.tandem.arbiter.Epoch from,
        dev.tandem.arbiter.Epoch to) {
      return new Action("arbiter " + arbiter, "arbiter", "arbiter.failover", "pair " + pair, null,
          Map.of("epoch", String.valueOf(to.number()), "from", String.valueOf(from.active()),
              "to", String.valueOf(to.active()), "reason", String.valueOf(to.reason())), 0, true, null);
    }
  }

  public AuditEntry record(Action a) {
    AuditEntry entry = new AuditEntry(newId(), clock.instant(), a.user(), a.via(), a.action(), a.target(), a.group(),
        a.parameters(), a.status(), a.success(), a.error(), localSite, List.of());
    List<String> unreached = new ArrayList<>();
    Map<String, AuditStore> others;
    try {
      others = peers.get();
    } catch (RuntimeException e) {
      LOG.warn("Audit: peers unknown now ({}); entry {} stays local", e.getMessage(), entry.id());
      others = Map.of();
      unreached.add("peers");
    }
    for (Map.Entry<String, AuditStore> peer : others.entrySet()) {
      if (peer.getValue() == null) {
        unreached.add(peer.getKey());
        continue;
      }
      try {
        peer.getValue().append(entry.withUnreached(List.of()));
      } catch (TandemException e) {
        LOG.warn("Audit entry {} not written to site {}: {}", entry.id(), peer.getKey(), e.getMessage());
        unreached.add(peer.getKey());
      }
    }
    AuditEntry stored = entry.withUnreached(unreached);
    boolean kept = true;
    try {
      local.append(stored);
    } catch (TandemException e) {
      kept = false;
      LOG.error("Audit entry {} not written to this site's registry: {}", entry.id(), e.getMessage());
    }
    log(stored, kept);
    return stored;
  }

  /** Entries kept on this site (its own and those its peers wrote here), newest first. */
  public List<AuditEntry> list(AuditQuery query) {
    return local.list(query);
  }

  /** Drops this site's entries older than the retention; returns how many days were dropped. */
  public int prune() {
    int days = local.prune(clock.instant().minus(retention));
    if (days > 0) {
      LOG.info("Audit: pruned {} day(s) older than {}", days, retention);
    }
    return days;
  }

  public Duration retention() {
    return retention;
  }

  private static void log(AuditEntry e, boolean kept) {
    AUDIT.info("id={} user={} via={} action={} target={} group={} params={} status={} success={} error={} "
            + "unreached={}{}", e.id(), e.user(), e.via(), e.action(), e.target(), e.group(), e.parameters(),
        e.status(), e.success(), e.error(), e.unreached(), kept ? "" : " NOT-STORED-LOCALLY");
  }

  private String newId() {
    Instant now = clock.instant();
    return now.toEpochMilli() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
