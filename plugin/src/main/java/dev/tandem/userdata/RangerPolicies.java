package dev.tandem.userdata;

import dev.tandem.http.RemoteServiceException;
import dev.tandem.model.AccessSource;
import dev.tandem.model.Paths;
import dev.tandem.model.UserDataChange.Action;
import dev.tandem.ranger.RangerClient;
import dev.tandem.ranger.RangerListing;
import dev.tandem.ranger.RangerPolicy;
import dev.tandem.ranger.RangerService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Ranger policies of a group's scope: those of the site's HDFS service whose paths touch a protected
 * directory, and those of its Hive service whose databases touch a protected database or table.
 */
final class RangerPolicies {
  static final List<String> TYPES = List.of("hdfs", "hive");

  private RangerPolicies() {}

  /** The site's service of {@code type}: the configured one, else the only one; empty when there is none. */
  static Optional<String> service(RangerClient client, UserDataSources.RangerSource source, String type) {
    if (!source.service(type).isEmpty()) {
      return Optional.of(source.service(type));
    }
    List<RangerService> services = client.services(type);
    if (services.size() > 1) {
      throw new RemoteServiceException("Ranger at " + client.endpoint().baseUri() + " has " + services.size() + " "
          + type + " services " + services.stream().map(RangerService::name).toList()
          + ": name the site's one in tandem.userdata.ranger." + type + ".service", 0);
    }
    return services.stream().map(RangerService::name).findFirst();
  }

  static RangerAccess capture(RangerClient client, UserDataSources.RangerSource source, UserDataScope scope) {
    List<RangerAccess.Rule> rules = new ArrayList<>();
    List<String> notCarried = new ArrayList<>();
    for (String type : TYPES) {
      if (type.equals("hive") && scope.hiveDatabases().isEmpty() && scope.hiveTables().isEmpty()) {
        continue;
      }
      Optional<String> service = service(client, source, type);
      if (service.isEmpty()) {
        continue;
      }
      RangerListing listing = client.policies(service.get());
      for (RangerPolicy p : listing.policies()) {
        Reach reach = reach(type, p.resources(), scope);
        if (reach != Reach.NONE) {
          rules.add(new RangerAccess.Rule(type, reach == Reach.OWNED, p));
        }
      }
      for (RangerListing.Uncarried u : listing.uncarried()) {
        if (reach(type, u.resources(), scope) != Reach.NONE) {
          notCarried.add(type + " policy " + u.name() + " (" + String.join(", ", u.reasons()) + ")");
        }
      }
    }
    return new RangerAccess(rules, notCarried);
  }

  enum Reach { NONE, TOUCHES, OWNED }

  /** Whether a policy's resources reach into the scope, and whether they lie entirely within it. */
  static Reach reach(String type, Map<String, RangerPolicy.Resource> resources, UserDataScope scope) {
    return switch (type) {
      case "hdfs" -> pathReach(resources.get("path"), scope);
      case "hive" -> hiveReach(resources, scope);
      default -> Reach.NONE;
    };
  }

  private static Reach pathReach(RangerPolicy.Resource r, UserDataScope scope) {
    if (r == null) {
      return Reach.NONE;
    }
    boolean touches = false;
    boolean allWithin = !r.excludes();
    for (String value : r.values()) {
      int wild = firstWildcard(value);
      String base = wild < 0 ? value : value.substring(0, wild);
      if (wild >= 0 && !base.endsWith("/")) {
        base = Paths.parent(base.isEmpty() ? "/" : base); // "/data/bill*" can match "/data/billing"
      }
      base = base.length() > 1 && base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      boolean downward = wild >= 0 || r.recursive();
      String b = base.isEmpty() ? "/" : base;
      boolean within = scope.covers(b);
      boolean above = downward && scope.paths().stream().anyMatch(p -> Paths.isSameOrBelow(p, b));
      touches |= within || above || r.excludes();
      allWithin &= within;
    }
    return !touches ? Reach.NONE : allWithin ? Reach.OWNED : Reach.TOUCHES;
  }

  private static Reach hiveReach(Map<String, RangerPolicy.Resource> resources, UserDataScope scope) {
    RangerPolicy.Resource dbs = resources.get("database");
    if (dbs == null) {
      return Reach.NONE;
    }
    RangerPolicy.Resource tables = resources.get("table");
    boolean touches = false;
    boolean allWithin = !dbs.excludes() && (tables == null || !tables.excludes());
    List<String> protectedDbs = new ArrayList<>(scope.hiveDatabases());
    scope.hiveTables().forEach(t -> protectedDbs.add(t.substring(0, t.indexOf('.'))));
    for (String db : dbs.values()) {
      Pattern match = glob(db);
      touches |= dbs.excludes() || protectedDbs.stream().anyMatch(p -> match.matcher(p).matches());
      if (firstWildcard(db) >= 0 || !scope.touchesDatabase(db)) {
        allWithin = false;
        continue;
      }
      if (!scope.hiveDatabases().contains(db)) {
        // only some tables of this database are protected: the policy must name exactly those
        allWithin &= tables != null && tables.values().stream()
            .allMatch(t -> firstWildcard(t) < 0 && scope.coversTable(db, t));
      }
    }
    return !touches ? Reach.NONE : allWithin ? Reach.OWNED : Reach.TOUCHES;
  }

  private static int firstWildcard(String s) {
    int star = s.indexOf('*');
    int q = s.indexOf('?');
    return star < 0 ? q : q < 0 ? star : Math.min(star, q);
  }

  private static Pattern glob(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE);
  }

  /**
   * Makes the target's services hold the cut's owned policies (created or updated by name) and no other
   * policy lying entirely within the scope. Policies that reach beyond the scope are never written: a
   * difference there becomes an operator action.
   */
  static void apply(RangerAccess cut, RangerClient target, UserDataSources.RangerSource source, UserDataScope scope,
      String site, ApplyLog log) {
    for (String type : TYPES) {
      List<RangerAccess.Rule> rules = cut.policies().stream().filter(r -> r.serviceType().equals(type)).toList();
      boolean hiveScope = !scope.hiveDatabases().isEmpty() || !scope.hiveTables().isEmpty();
      if (rules.isEmpty() && (type.equals("hive") && !hiveScope)) {
        continue;
      }
      Optional<String> service = service(target, source, type);
      if (service.isEmpty()) {
        if (!rules.isEmpty()) {
          log.problem("RANGER: the Ranger of " + site + " has no " + type + " service for " + rules.size()
              + " policy(ies)");
        }
        continue;
      }
      Map<String, RangerPolicy> existing = new LinkedHashMap<>();
      target.policies(service.get()).policies().forEach(p -> existing.put(p.name(), p));
      for (RangerAccess.Rule rule : rules) {
        RangerPolicy want = rule.policy();
        RangerPolicy have = existing.get(want.name());
        String subject = type + " policy " + want.name();
        if (!rule.owned()) {
          if (have == null || !have.sameContent(want)) {
            log.action("Ranger " + subject + " covers more than the group's scope (" + want.resources().keySet()
                + "), so Tandem does not write it: review it in the Ranger of " + site + " (service "
                + service.get() + ")");
          }
          continue;
        }
        if (have == null) {
          if (log.writes()) {
            target.create(want.in(service.get(), 0));
          }
          log.change(AccessSource.RANGER, Action.CREATE, subject, "in service " + service.get());
        } else if (!have.sameContent(want)) {
          if (log.writes()) {
            target.update(want.in(service.get(), have.id()));
          }
          log.change(AccessSource.RANGER, Action.UPDATE, subject, "in service " + service.get());
        }
      }
      List<String> names = rules.stream().map(r -> r.policy().name()).toList();
      for (RangerPolicy p : existing.values()) {
        if (!names.contains(p.name()) && reach(type, p.resources(), scope) == Reach.OWNED) {
          if (log.writes()) {
            target.delete(p.id());
          }
          log.change(AccessSource.RANGER, Action.DELETE, type + " policy " + p.name(), "in service " + service.get()
              + "; the cut has no such policy on the group's scope");
        }
      }
    }
    for (String n : cut.notCarried()) {
      log.action("Ranger " + n + " touches the group's scope but is not carried: re-create it in the Ranger of " + site);
    }
  }
}
