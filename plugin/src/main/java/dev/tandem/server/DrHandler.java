package dev.tandem.server;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.PairKey;
import dev.tandem.arbiter.SiteStatus;
import dev.tandem.engine.RunOptions;
import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.SiteId;
import dev.tandem.server.api.ArbitrationDto;
import dev.tandem.server.api.ArbitrationSettingsDto;
import dev.tandem.server.api.ArbitrationSiteDto;
import dev.tandem.server.api.AutoFailoverRequest;
import dev.tandem.server.api.OperationDto;
import dev.tandem.switchover.Switchover;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disaster-recovery verbs of the API over the {@link Switchover} facade: the arbitration state of a pair, its
 * automatic failover, and switchover, failover, failback and drill as background {@link DrOperations}. Every
 * verb is validated before it answers 202 (a failover of a healthy active site without {@code force} is a 409
 * with the facade's reason); it validates again when it runs.
 */
public final class DrHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DrHandler.class);

  private final Registries registries;
  private final PairArbitrations arbitrations;
  private final DrOperations operations;
  private final RunOptions options;
  private final Duration timeout;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();

  /** @param arbitrations null when arbitration is off on this server */
  DrHandler(Registries registries, PairArbitrations arbitrations, DrOperations operations, RunOptions options,
      Duration timeout) {
    this.registries = registries;
    this.arbitrations = arbitrations;
    this.operations = operations;
    this.options = options;
    this.timeout = timeout;
  }

  public ArbitrationDto arbitration(String pairText) {
    PairKey pair = followed(pairText);
    Switchover.State s = facade(pair, "viewer").state(pair);
    List<ArbitrationSiteDto> sites = new ArrayList<>();
    for (SiteId id : List.of(pair.first(), pair.second())) {
      Optional<SiteStatus> status = s.statuses().getOrDefault(id, Optional.empty());
      sites.add(status.map(st -> new ArbitrationSiteDto(id.value(), st.role().name(), st.health().healthy(),
          st.health().detail(), st.epoch(), st.sequence(), st.publishedAt(), stale(pair, st, s.settings())))
          .orElse(new ArbitrationSiteDto(id.value(), "NONE", false, "no status published", 0, 0, null, null)));
    }
    return new ArbitrationDto(pair.value(), s.epoch().map(ArbitrationConverter::epoch).orElse(null), sites,
        ArbitrationConverter.settings(s.settings()), s.reports().stream().map(ArbitrationConverter::report).toList(),
        operations.running(pair).map(ArbitrationConverter::operation).orElse(null));
  }

  public ArbitrationSettingsDto autoFailover(String pairText, AutoFailoverRequest request, String user) {
    PairKey pair = followed(pairText);
    InvalidInputException.check(request != null, "body", "Request body is required: {\"enabled\":true|false}");
    InvalidInputException.check(request.enabled() != null, "enabled", "enabled is required (true or false)");
    ArbitrationSettings next = facade(pair, user).autoFailover(pair, request.enabled());
    LOG.info("User {} turned automatic failover of pair {} {}", user, pair, request.enabled() ? "on" : "off");
    return ArbitrationConverter.settings(next);
  }

  /**
   * Validates {@code verb} on the pair and starts it in the background.
   *
   * @param force failover only: promote the standby even if the active site is healthy or the pair unprotected
   * @param switchBack failback only: switch over to the old primary once it is protected again
   */
  public OperationDto start(String pairText, Switchover.Verb verb, String force, String switchBack, String user) {
    boolean forced = flag(force, "force");
    boolean back = flag(switchBack, "switchBack");
    PairKey pair = followed(pairText);
    operations.requireIdle(pair); // before the checks, which may take a few heartbeats
    Switchover ops = facade(pair, user);
    ops.check(verb, pair, forced);
    DrOperations.Operation op = operations.start(pair, verb, user, () -> switch (verb) {
      case SWITCHOVER -> ops.switchover(pair);
      case FAILOVER -> ops.failover(pair, forced);
      case FAILBACK -> ops.failback(pair, back);
      case DRILL -> ops.drill(pair);
    });
    return ArbitrationConverter.operation(op);
  }

  public OperationDto operation(String pairText, String id) {
    PairKey pair = known(pairText);
    return operations.get(id).filter(o -> o.pair.equals(pair)).map(ArbitrationConverter::operation)
        .orElseThrow(() -> new NotFoundException("Unknown operation '" + RunHandler.printable(id) + "' of pair "
            + pair + " (operations are kept in the memory of the server that ran them)"));
  }

  private static Optional<PairKey> parsed(String text) {
    try {
      return Optional.of(PairKey.parse(text));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  /** A pair of the local registry, in either spelling ({@code east+west}, {@code east--west}); else a 404. */
  private PairKey known(String text) {
    PairKey pair = parsed(text).orElseThrow(() -> unknown(text));
    if (registries.local().pairs().stream().noneMatch(p -> PairKey.of(p).equals(pair))) {
      throw unknown(text);
    }
    return pair;
  }

  /** A known pair whose arbitration this server follows. */
  private PairKey followed(String text) {
    PairKey pair = known(text);
    if (arbitrations == null) {
      throw new ConflictException("Arbitration is off on this server (" + TandemProperties.ARBITRATION_ENABLED
          + "=false)");
    }
    if (!pair.contains(registries.localId())) {
      throw new ConflictException("Site " + registries.localId() + " is not part of pair " + pair + "; ask the "
          + "server of " + pair.first() + " or " + pair.second());
    }
    if (!arbitrations.follows(pair)) {
      arbitrations.refresh(); // created since the last refresh
    }
    if (!arbitrations.follows(pair)) {
      throw new ConflictException("The arbitration of pair " + pair + " does not run on this server yet (is the "
          + "registry of " + pair.other(registries.localId()) + " reachable and the site registered? see the "
          + "server log)");
    }
    return pair;
  }

  private Switchover facade(PairKey pair, String user) {
    return arbitrations.switchover(pair, options, timeout, "operator " + user + " (REST API)")
        .orElseThrow(() -> new ConflictException("The arbitration of pair " + pair + " stopped on this server"));
  }

  private static NotFoundException unknown(String text) {
    return new NotFoundException("Unknown pair '" + RunHandler.printable(text) + "' (name it <site>+<site> or "
        + "<primary>--<secondary>)");
  }

  private static boolean flag(String text, String field) {
    if (text == null || text.isBlank()) {
      return false;
    }
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidInputException(field, "Invalid " + field + " '" + RunHandler.printable(text)
          + "' (true or false)");
    };
  }

  /** When this server first saw a site's status sequence, and when it last saw it move. */
  private record Watched(long sequence, long firstSeen, long moved) {}

  /** Stale once the sequence has stood still for three heartbeats as watched here; null until known. */
  private Boolean stale(PairKey pair, SiteStatus status, ArbitrationSettings settings) {
    long now = System.nanoTime();
    long limit = settings.heartbeat().multipliedBy(3).toNanos();
    Watched w = watched.compute(pair + "/" + status.site(), (k, before) -> {
      if (before == null) {
        return new Watched(status.sequence(), now, Long.MIN_VALUE);
      }
      return before.sequence() == status.sequence() ? before : new Watched(status.sequence(), before.firstSeen(), now);
    });
    if (w.moved() != Long.MIN_VALUE) {
      return now - w.moved() > limit;
    }
    return now - w.firstSeen() > limit ? Boolean.TRUE : null;
  }
}
