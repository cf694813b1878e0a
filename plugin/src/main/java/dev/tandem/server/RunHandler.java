package dev.tandem.server;

import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.server.api.RunDto;
import dev.tandem.server.api.RunSummaryDto;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs: start (asynchronously), read with live progress, list with filters, cancel. */
public final class RunHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RunHandler.class);
  private static final Pattern RUN_ID = Pattern.compile("r-\\d{8}T\\d{9}Z");
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final GroupHandler groups;
  private final Registries registries;
  private final RunTracker tracker;
  private final RunExecutor executor;
  private final Consumer<GroupName> admission;

  /** @param admission throws if a run of the group may not begin now (the epoch guard's check) */
  RunHandler(GroupHandler groups, Registries registries, RunTracker tracker, RunExecutor executor,
      Consumer<GroupName> admission) {
    this.groups = groups;
    this.registries = registries;
    this.tracker = tracker;
    this.executor = executor;
    this.admission = admission;
  }

  /** Starts a run now; returns once it is recorded as RUNNING. */
  public RunDto start(String groupName, String requestedBy) {
    return start(groupName, requestedBy, null);
  }

  /**
   * Starts a run now; returns once it is recorded as RUNNING.
   *
   * @param verifyAll {@code true}: the run compares every file with the primary; null or {@code false}: the usual
   *     verification (what changed, and the scrub's slice)
   */
  public RunDto start(String groupName, String requestedBy, String verifyAll) {
    boolean all = flag("verifyAll", verifyAll);
    ProtectionGroup group = groups.find(groupName);
    if (!group.enabled()) {
      throw new ConflictException("Protection group '" + groupName + "' is disabled; enable it first");
    }
    // Refused here with the guard's reason rather than recorded as a run that fails at its first guarded step.
    admission.accept(group.name());
    Run run = executor.start(group.name(), requestedBy, all);
    LOG.info("{} started run {} of group {}{}", requestedBy, run.id(), group.name(),
        all ? ", verifying every file" : "");
    return view(run);
  }

  static boolean flag(String field, String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    InvalidInputException.check(value.equals("true") || value.equals("false"), field,
        "Invalid %s: '%s' (true or false)", field, value);
    return Boolean.parseBoolean(value);
  }

  public RunDto get(String groupName, String runId) {
    ProtectionGroup group = groups.find(groupName);
    Optional<RunTracker.Active> active = activeRun(group.name(), runId);
    if (active.isPresent()) {
      RunTracker.Active a = active.get();
      return ApiConverter.run(a.latest, a.progress, a.cancelledBy != null, a.requestedBy);
    }
    return ApiConverter.run(recorded(group, runId), null, false, null);
  }

  /** Asks a run executing on this server to stop at its next step boundary. */
  public RunDto cancel(String groupName, String runId, String user) {
    ProtectionGroup group = groups.find(groupName);
    Optional<RunTracker.Active> active = activeRun(group.name(), runId);
    if (active.isEmpty()) {
      Run run = recorded(group, runId);
      throw new ConflictException(run.state().finished()
          ? "Run " + runId + " already ended " + run.state()
          : "Run " + runId + " is not executing on this server; cancel it on the server that runs it");
    }
    RunTracker.Active a = active.get();
    if (a.cancelledBy == null) {
      a.cancelledBy = user;
      LOG.info("{} asked to cancel run {} of group {}", user, runId, group.name());
    }
    return ApiConverter.run(a.latest, a.progress, true, a.requestedBy);
  }

  /**
   * Runs newest first, across groups unless {@code group} is given. Filters are validated like a body: a bad
   * value is a 422 naming the query parameter.
   */
  public List<RunSummaryDto> list(String group, String state, String since, String limit) {
    RunState wanted = state == null || state.isBlank() ? null : parseState(state);
    Instant after = since == null || since.isBlank() ? null : parseInstant(since);
    int max = limit == null || limit.isBlank() ? DEFAULT_LIMIT : parseLimit(limit);
    List<ProtectionGroup> scope;
    if (group == null || group.isBlank()) {
      scope = registries.local().groups();
    } else {
      try {
        scope = List.of(groups.find(group));
      } catch (NotFoundException | InvalidInputException e) {
        throw new InvalidInputException("group", "Unknown protection group '" + group + "'");
      }
    }
    List<Run> runs = new ArrayList<>();
    for (ProtectionGroup g : scope) {
      registries.ifReachable(g.pair().primary()).ifPresent(r -> runs.addAll(r.runs(g.name(), MAX_LIMIT)));
    }
    // A run executing here is newer in memory than in the registry (progress is not written there).
    Stream<Run> merged = runs.stream().map(r -> activeRun(r.group(), r.id()).map(a -> a.latest).orElse(r));
    return merged
        .filter(r -> wanted == null || r.state() == wanted)
        .filter(r -> after == null || !r.startedAt().isBefore(after))
        .sorted(Comparator.comparing(Run::startedAt).reversed().thenComparing(Run::id))
        .limit(max)
        .map(ApiConverter::summary)
        .toList();
  }

  /** Runs of one group (named in the path, so an unknown group is a 404). */
  public List<RunSummaryDto> listForGroup(String groupName, String state, String since, String limit) {
    ProtectionGroup group = groups.find(groupName);
    return list(group.name().value(), state, since, limit);
  }

  private Optional<RunTracker.Active> activeRun(GroupName group, String runId) {
    return tracker.active(group).filter(a -> a.latest != null && a.latest.id().equals(runId));
  }

  private Run recorded(ProtectionGroup group, String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new NotFoundException("Unknown run '" + printable(runId) + "' of group " + group.name());
    }
    return registries.runsOf(group).run(group.name(), runId)
        .orElseThrow(() -> new NotFoundException("Unknown run '" + runId + "' of group " + group.name()));
  }

  private RunDto view(Run run) {
    return tracker.active(run.group()).filter(a -> a.latest != null && a.latest.id().equals(run.id()))
        .map(a -> ApiConverter.run(a.latest, a.progress, a.cancelledBy != null, a.requestedBy))
        .orElse(ApiConverter.run(run, null, false, null));
  }

  private static RunState parseState(String text) {
    try {
      return RunState.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("state", "Invalid state '" + printable(text)
          + "' (use RUNNING, SUCCEEDED or FAILED)");
    }
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("since", "Invalid time '" + printable(text)
          + "' (use ISO-8601 UTC, e.g. 2026-11-24T15:00:00Z)");
    }
  }

  private static int parseLimit(String text) {
    try {
      int n = Integer.parseInt(text.trim());
      InvalidInputException.check(n >= 1 && n <= MAX_LIMIT, "limit", "Invalid limit: %d (1 to %d)", n, MAX_LIMIT);
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("limit", "Invalid limit '" + printable(text) + "' (a number from 1 to "
          + MAX_LIMIT + ")");
    }
  }

  static String printable(String value) {
    if (value == null) {
      return "";
    }
    String cleaned = value.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() <= 80 ? cleaned : cleaned.substring(0, 77) + "...";
  }
}
