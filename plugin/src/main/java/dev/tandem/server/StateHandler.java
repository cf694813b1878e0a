package dev.tandem.server;

import dev.tandem.arbiter.ArbitrationSettings;
import dev.tandem.arbiter.ArbitrationStore;
import dev.tandem.arbiter.PairKey;
import dev.tandem.engine.ControlPlane;
import dev.tandem.engine.Registry;
import dev.tandem.model.ClusterPair;
import dev.tandem.model.ConflictException;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;
import dev.tandem.model.TandemException;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.api.PairRequest;
import dev.tandem.server.api.StateDocument;
import dev.tandem.server.api.PairSettingsDto;
import dev.tandem.server.api.StateImportDto;
import dev.tandem.server.api.StateSiteDto;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export and import of this site's registry state ({@link StateDocument}). An import validates the whole document
 * as the REST create calls would (a 422 names the item and field, e.g. {@code groups[1].dataSets[0]}), and checks
 * it against what the registry holds (a record that exists and differs is a 409), before it writes anything; it
 * then writes sites, pairs, groups and settings to this site's registry only, skipping records that are there
 * already and equal, so an import can be repeated.
 */
public final class StateHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StateHandler.class);

  private final ControlPlane controlPlane;
  private final Registries registries;
  private final Supplier<ArbitrationStore> arbitration;
  private final Clock clock;

  StateHandler(ControlPlane controlPlane, Registries registries, Supplier<ArbitrationStore> arbitration,
      Clock clock) {
    this.controlPlane = controlPlane;
    this.registries = registries;
    this.arbitration = arbitration;
    this.clock = clock;
  }

  public StateDocument export(String user) {
    Registry local = registries.local();
    List<StateSiteDto> sites = local.sites().stream().sorted(Comparator.comparing(s -> s.id().value()))
        .map(s -> new StateSiteDto(s.id().value(), s.location(), s.fileSystemUri(), s.registryConnect(),
            s.metastoreUri())).toList();
    List<ClusterPair> pairs = local.pairs().stream().sorted(Comparator.comparing(ClusterPair::id)).toList();
    List<PairSettingsDto> settings = new ArrayList<>();
    for (ClusterPair p : pairs) {
      PairKey key = PairKey.of(p);
      arbitration.get().settings(key).ifPresent(s -> settings.add(new PairSettingsDto(key.toString(),
          s.autoFailover(), s.grace().toMillis(), s.lease().toMillis(), s.heartbeat().toMillis())));
    }
    List<GroupRequest> groups = local.groups().stream().sorted(Comparator.comparing(g -> g.name().value()))
        .map(StateHandler::request).toList();
    LOG.info("User {} exported the state of site {}", user, registries.localId());
    return new StateDocument(StateDocument.FORMAT, StateDocument.VERSION, clock.instant(),
        registries.localId().value(), sites, pairs.stream().map(p -> new PairRequest(p.primary().value(),
            p.secondary().value())).toList(), groups, settings);
  }

  public StateImportDto importState(StateDocument doc, String user) {
    InvalidInputException.check(doc != null, "body", "Request body is required");
    InvalidInputException.check(StateDocument.FORMAT.equals(doc.format()), "format",
        "Not a Tandem state document: format must be '%s'", StateDocument.FORMAT);
    InvalidInputException.check(doc.version() != null && doc.version() == StateDocument.VERSION, "version",
        "Unsupported state document version %s (this server reads version %d)", doc.version(),
        StateDocument.VERSION);
    Registry local = registries.local();
    Plan plan = new Plan();

    // Sites: validated as records; this server's own site comes from its configuration and is never replaced.
    Map<SiteId, Site> sites = new LinkedHashMap<>();
    local.sites().forEach(s -> sites.put(s.id(), s));
    List<StateSiteDto> docSites = orEmpty(doc.sites());
    for (int i = 0; i < docSites.size(); i++) {
      String at = "sites[" + i + "]";
      StateSiteDto d = docSites.get(i);
      InvalidInputException.check(d != null, at, "Site is required");
      Site site = at(at, () -> new Site(ApiConverter.site(d.id(), "id"), d.location(), d.fileSystemUri(),
          d.registryConnect(), d.metastoreUri(), null));
      InvalidInputException.check(plan.names.add("site " + site.id()), at + ".id", "Site '%s' is listed twice",
          site.id());
      Site existing = sites.get(site.id());
      if (existing == null) {
        plan.sites.add(site);
        sites.put(site.id(), site);
      } else if (site.id().equals(registries.localId()) || sameSite(existing, site)) {
        plan.unchanged.add("site " + site.id());
      } else {
        throw new ConflictException(at + ": site " + site.id() + " is in the registry with other addresses");
      }
    }

    List<ClusterPair> pairs = new ArrayList<>(local.pairs());
    List<PairRequest> docPairs = orEmpty(doc.pairs());
    for (int i = 0; i < docPairs.size(); i++) {
      String at = "pairs[" + i + "]";
      PairRequest r = docPairs.get(i);
      InvalidInputException.check(r != null && r.primary() != null, at + ".primary", "Primary site is required");
      InvalidInputException.check(r.secondary() != null, at + ".secondary", "Secondary site is required");
      ClusterPair pair = at(at, () -> new ClusterPair(ApiConverter.site(r.primary(), "primary"),
          ApiConverter.site(r.secondary(), "secondary")));
      InvalidInputException.check(sites.containsKey(pair.primary()), at + ".primary", "Unknown site '%s'",
          pair.primary());
      InvalidInputException.check(sites.containsKey(pair.secondary()), at + ".secondary", "Unknown site '%s'",
          pair.secondary());
      InvalidInputException.check(plan.names.add("pair " + pair.id()), at, "Pair %s is listed twice", pair.id());
      if (pairs.contains(pair.reversed())) {
        throw new ConflictException(at + ": sites are already paired the other way round (" + pair.reversed().id()
            + ")");
      }
      if (pairs.contains(pair)) {
        plan.unchanged.add("pair " + pair.id());
      } else {
        plan.pairs.add(pair);
        pairs.add(pair);
      }
    }

    Map<String, ProtectionGroup> groups = new LinkedHashMap<>();
    local.groups().forEach(g -> groups.put(g.name().value(), g));
    List<GroupRequest> docGroups = orEmpty(doc.groups());
    for (int i = 0; i < docGroups.size(); i++) {
      String at = "groups[" + i + "]";
      GroupRequest r = docGroups.get(i);
      ProtectionGroup group = at(at, () -> ApiConverter.group(r, null));
      InvalidInputException.check(plan.names.add("group " + group.name()), at + ".name",
          "Group '%s' is listed twice", group.name());
      InvalidInputException.check(pairs.contains(group.pair()), at + ".pair", "Sites %s and %s are not paired",
          group.pair().primary(), group.pair().secondary());
      ProtectionGroup existing = groups.get(group.name().value());
      if (existing != null && existing.equals(group)) {
        plan.unchanged.add("group " + group.name());
        continue;
      }
      if (existing != null) {
        throw new ConflictException(at + ": group " + group.name() + " is in the registry with another policy");
      }
      List<ProtectionGroup> known = List.copyOf(groups.values());
      at(at, () -> {
        controlPlane.validateGroup(group, id -> Optional.ofNullable(sites.get(id)), () -> known);
        return null;
      });
      plan.groups.add(group);
      groups.put(group.name().value(), group);
    }

    List<PairSettingsDto> docSettings = orEmpty(doc.settings());
    for (int i = 0; i < docSettings.size(); i++) {
      String at = "settings[" + i + "]";
      PairSettingsDto s = docSettings.get(i);
      InvalidInputException.check(s != null && s.pair() != null, at + ".pair", "Pair is required");
      PairKey key = at(at, () -> {
        try {
          return PairKey.parse(s.pair());
        } catch (RuntimeException e) {
          throw new InvalidInputException("pair", "Invalid pair '" + RunHandler.printable(s.pair())
              + "' (use <site>+<site>)");
        }
      });
      InvalidInputException.check(pairs.stream().anyMatch(p -> PairKey.of(p).equals(key)), at + ".pair",
          "Pair %s is not in the document or the registry", key);
      InvalidInputException.check(plan.names.add("settings " + key), at + ".pair", "Settings of %s are listed twice",
          key);
      ArbitrationSettings settings = at(at, () -> new ArbitrationSettings(Boolean.TRUE.equals(s.autoFailover()),
          millis(s.graceMillis(), ArbitrationSettings.GRACE_DEFAULT, "graceMillis"),
          millis(s.leaseMillis(), ArbitrationSettings.LEASE_DEFAULT, "leaseMillis"),
          millis(s.heartbeatMillis(), ArbitrationSettings.HEARTBEAT_DEFAULT, "heartbeatMillis")));
      plan.settings.put(key, settings);
    }

    // Everything is valid: write, sites before the pairs that name them, pairs before their groups.
    List<String> created = new ArrayList<>();
    plan.sites.forEach(s -> {
      local.putSite(s);
      created.add("site " + s.id());
    });
    plan.pairs.forEach(p -> {
      local.putPair(p);
      created.add("pair " + p.id());
    });
    plan.groups.forEach(g -> {
      local.putGroup(g);
      created.add("group " + g.name());
    });
    plan.settings.forEach((key, s) -> {
      if (arbitration.get().settings(key).filter(s::equals).isPresent()) {
        plan.unchanged.add("settings " + key);
      } else {
        arbitration.get().putSettings(key, s);
        created.add("settings " + key);
      }
    });
    LOG.info("User {} imported state into site {}: created {}, unchanged {}", user, registries.localId(), created,
        plan.unchanged);
    return new StateImportDto(created, plan.unchanged);
  }

  private static final class Plan {
    final java.util.Set<String> names = new java.util.HashSet<>();
    final List<Site> sites = new ArrayList<>();
    final List<ClusterPair> pairs = new ArrayList<>();
    final List<ProtectionGroup> groups = new ArrayList<>();
    final Map<PairKey, ArbitrationSettings> settings = new LinkedHashMap<>();
    final List<String> unchanged = new ArrayList<>();
  }

  /** Runs a validation whose errors name fields of one item; the field gains the item's place, e.g. sites[0]. */
  private static <T> T at(String at, Supplier<T> validation) {
    try {
      return validation.get();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.field() == null ? at : at + "." + e.field(), at + ": " + e.getMessage());
    } catch (ConflictException e) {
      throw new ConflictException(at + ": " + e.getMessage());
    } catch (TandemException e) {
      throw e;
    }
  }

  private static Duration millis(Long value, Duration fallback, String field) {
    if (value == null) {
      return fallback;
    }
    InvalidInputException.check(value > 0, field, "%s must be positive: %d", field, value);
    return Duration.ofMillis(value);
  }

  private static boolean sameSite(Site a, Site b) {
    return a.location().equals(b.location()) && a.fileSystemUri().equals(b.fileSystemUri())
        && a.registryConnect().equals(b.registryConnect()) && Objects.equals(a.metastoreUri(), b.metastoreUri());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  static GroupRequest request(ProtectionGroup g) {
    return new GroupRequest(g.name().value(), g.pair().primary().value(), g.pair().secondary().value(),
        g.dataSets().stream().map(ApiConverter::dataSet).toList(), ApiConverter.schedule(g.schedule()),
        g.retention(), g.snapshots().name(), g.enabled(), g.hiveFencing().name());
  }
}
