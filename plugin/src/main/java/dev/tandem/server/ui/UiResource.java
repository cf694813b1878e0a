package dev.tandem.server.ui;

import dev.tandem.audit.AuditLog;
import dev.tandem.audit.AuditQuery;
import dev.tandem.model.TandemException;
import dev.tandem.server.GroupHandler;
import dev.tandem.server.RunHandler;
import dev.tandem.server.SiteHandler;
import dev.tandem.server.StatusHandler;
import dev.tandem.server.RestoreHandler;
import dev.tandem.server.UserDataHandler;
import dev.tandem.server.api.CutDto;
import dev.tandem.server.api.RestoreRequestDto;
import dev.tandem.server.api.ConnectivityDto;
import dev.tandem.server.api.ErrorResponse;
import dev.tandem.server.api.GroupDto;
import dev.tandem.server.api.PairConnectivityDto;
import dev.tandem.server.api.PairDto;
import dev.tandem.server.api.PairRequest;
import dev.tandem.server.api.RunDto;
import dev.tandem.server.api.RunSummaryDto;
import dev.tandem.server.api.SiteDto;
import dev.tandem.server.api.StatusDto;
import dev.tandem.server.api.UserDataVersionDto;
import dev.tandem.server.auth.Caller;
import dev.tandem.server.auth.FormTokens;
import dev.tandem.server.auth.Public;
import dev.tandem.server.auth.RequiresRole;
import dev.tandem.server.auth.Role;
import dev.tandem.server.error.TandemExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI under {@code /ui/}: server-rendered pages over the same handlers as the REST API, with forms that post
 * back to {@code /ui/...}. Thin like the API's resources: each method reads the handlers, hands the results to a
 * template and turns a handler's exception into a message on the page.
 *
 * <p>Every link a page contains is relative to the page's own address, so the pages work both at the server's
 * {@code /ui/} and behind the Ambari View's proxy prefix. The proxy passes neither {@code Location} nor cookies,
 * so a successful form post answers with a small page that moves on by {@code <meta http-equiv=refresh>} (and
 * {@code tandem.js} follows it at once) instead of a redirect.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public final class UiResource {
  private static final Logger LOG = LoggerFactory.getLogger(UiResource.class);
  private static final Map<String, String> STATIC = Map.of("tandem.css", "text/css; charset=UTF-8",
      "tandem.js", "text/javascript; charset=UTF-8");
  /** Pages may load only their own script, style sheet and images; nothing may frame them from elsewhere. */
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'self'";
  private static final Map<String, String> NOTICES = Map.of(
      "paired", "The sites are paired.",
      "unpaired", "The pair was removed.",
      "created", "The protection group was created.",
      "saved", "The protection group was saved.",
      "enabled", "The protection group is enabled: it runs by schedule and by hand.",
      "disabled", "The protection group is disabled: it does not run.",
      "deleted", "The protection group was deleted from both registries; its snapshots stay.",
      "cancelling", "Cancel requested: the run stops at its next step boundary.",
      "drtest-started", "The DR test is started: its cut is exposed read-only on the secondary (see DR test below).",
      "drtest-stopped", "The DR test is stopped: its test databases are dropped and the cut is released.");

  /** For the time-zone field's suggestions: region zones and UTC. */
  private static final List<String> ZONES = java.time.ZoneId.getAvailableZoneIds().stream()
      .filter(z -> z.equals("UTC") || z.matches("(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.*"))
      .sorted().toList();

  private final SiteHandler sites;
  private final GroupHandler groups;
  private final RunHandler runs;
  private final UserDataHandler userData;
  private final RestoreHandler restores;
  private final StatusHandler status;
  private final AuditLog audit;
  private final FormTokens tokens;
  private final Templates templates = new Templates();
  private final Clock clock;
  private final Formats fmt;
  private final RunCharts charts;

  @Context
  private UriInfo uri;

  @Context
  private SecurityContext security;

  private dev.tandem.server.SpaceHandler space;

  private dev.tandem.server.DrTestHandler drTests;

  @Context
  private HttpHeaders headers;

  @Context
  private Request request;

  public UiResource(SiteHandler sites, GroupHandler groups, RunHandler runs, UserDataHandler userData,
      RestoreHandler restores, StatusHandler status, AuditLog audit, FormTokens tokens, Clock clock) {
    this.restores = restores;
    this.audit = audit;
    this.sites = sites;
    this.groups = groups;
    this.runs = runs;
    this.userData = userData;
    this.status = status;
    this.tokens = tokens;
    this.clock = clock;
    this.fmt = new Formats(clock);
    this.charts = new RunCharts(fmt);
  }

  /** The group page's DR test section comes from {@code tests}; without it the section is left out. */
  public UiResource drTests(dev.tandem.server.DrTestHandler tests) {
    this.drTests = tests;
    return this;
  }

  /** The group page's snapshot space section comes from {@code space}; without it the section is left out. */
  public UiResource space(dev.tandem.server.SpaceHandler value) {
    this.space = value;
    return this;
  }

  // ---------------------------------------------------------------- overview

  @GET
  @RequiresRole(Role.VIEWER)
  public Response overview() {
    return page("Overview", "overview", m -> {
      StatusDto s = status.status();
      List<GroupDto> all = groups.list();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (GroupDto g : all) {
        List<RunSummaryDto> recent = recentRuns(g.name());
        Map<String, Object> row = new HashMap<>();
        row.put("group", g);
        row.put("durations", charts.durations(recent));
        row.put("lag", charts.lag(recent, g.schedule().periodicitySeconds(), g.state().lastGoodCutAt(),
            clock.instant()));
        row.put("active", g.state().activeRun() == null ? null : progress(g.name(), g.state().activeRun().id()));
        rows.add(row);
      }
      m.put("siteStatus", s);
      m.put("groups", rows);
      return "overview.ftlh";
    });
  }

  private List<RunSummaryDto> recentRuns(String group) {
    try {
      return runs.listForGroup(group, null, null, "20");
    } catch (TandemException e) {
      LOG.debug("No run history of {} for the overview: {}", group, e.getMessage());
      return List.of();
    }
  }

  /** A running run's live view, or null when it ended meanwhile. */
  private Map<String, Object> progress(String group, String runId) {
    try {
      RunDto run = runs.get(group, runId);
      return Map.of("run", run, "progress", RunProgress.of(run));
    } catch (TandemException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- cluster pairing

  @GET
  @Path("pairs")
  @RequiresRole(Role.VIEWER)
  public Response pairs(@QueryParam("test") String test, @QueryParam("probe") String probe) {
    return page("Cluster pairing", "pairs", m -> {
      pairsModel(m, "", "");
      if (test != null && !test.isBlank()) {
        try {
          PairConnectivityDto result = sites.pairConnectivity(test);
          m.put("pairTest", result);
        } catch (TandemException e) {
          m.put("message", e.getMessage());
        }
      }
      if (probe != null && !probe.isBlank()) {
        try {
          ConnectivityDto result = sites.connectivity(probe);
          m.put("siteTest", result);
        } catch (TandemException e) {
          m.put("message", e.getMessage());
        }
      }
      return "pairs.ftlh";
    });
  }

  @POST
  @Path("pairs")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response pair(Form form) {
    String primary = field(form, "primary");
    String secondary = field(form, "secondary");
    return page("Cluster pairing", "pairs", m -> {
      try {
        PairDto p = sites.createPair(new PairRequest(blankToNull(primary), blankToNull(secondary)), user());
        return moved(m, "pairs?notice=paired&test=" + url(p.id()));
      } catch (TandemException e) {
        pairsModel(m, primary, secondary);
        Map<String, String> errors = new HashMap<>();
        ErrorResponse r = TandemExceptionMapper.map(e, requestLine());
        if (r.field() != null && (r.field().equals("primary") || r.field().equals("secondary"))) {
          errors.put(r.field(), r.message());
        } else {
          m.put("message", r.message());
        }
        m.put("errors", errors);
        m.put("httpStatus", r.code());
        return "pairs.ftlh";
      }
    });
  }

  private void pairsModel(Map<String, Object> m, String primary, String secondary) {
    List<SiteDto> known = sites.list();
    m.put("sites", known);
    m.put("pairs", sites.pairs());
    m.put("chosenPrimary", primary.isEmpty()
        ? known.stream().filter(SiteDto::local).map(SiteDto::id).findFirst().orElse("") : primary);
    m.put("chosenSecondary", secondary.isEmpty()
        ? known.stream().filter(s -> !s.local()).map(SiteDto::id).findFirst().orElse("") : secondary);
    m.putIfAbsent("errors", Map.of());
  }

  @GET
  @Path("pairs/{pair}/unpair")
  @RequiresRole(Role.VIEWER)
  public Response unpairConfirm(@PathParam("pair") String pair) {
    return page("Unpair " + pair, "pairs", m -> {
      m.put("pair", sites.pair(pair));
      return "unpair.ftlh";
    });
  }

  @POST
  @Path("pairs/{pair}/unpair")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response unpair(@PathParam("pair") String pair) {
    return page("Unpair " + pair, "pairs", m -> {
      PairDto p = sites.pair(pair);
      try {
        sites.deletePair(pair, user());
        return moved(m, "pairs?notice=unpaired");
      } catch (TandemException e) {
        ErrorResponse r = TandemExceptionMapper.map(e, requestLine());
        m.put("pair", p);
        m.put("message", r.message());
        m.put("httpStatus", r.code());
        return "unpair.ftlh";
      }
    });
  }

  // ---------------------------------------------------------------- protection groups

  @GET
  @Path("groups")
  @RequiresRole(Role.VIEWER)
  public Response groupList() {
    return page("Protection groups", "groups", m -> {
      m.put("groups", groups.list());
      return "groups.ftlh";
    });
  }

  @GET
  @Path("groups/{group}")
  @RequiresRole(Role.VIEWER)
  public Response group(@PathParam("group") String name) {
    return page("Group " + name, "groups", m -> {
      GroupDto g = groups.get(name);
      m.put("group", g);
      m.put("runs", runRows(runs.listForGroup(name, null, null, "20")));
      m.put("active", g.state().activeRun() == null ? null : progress(name, g.state().activeRun().id()));
      if (space != null) {
        m.put("space", space.space(name, null));
      }
      if (drTests != null) {
        drTests.active(name).ifPresent(t -> m.put("drTest", t));
        m.put("cuts", restores.cuts(name));
      }
      return "group.ftlh";
    });
  }

  /** Starts a DR test of the group (the chosen cut, the suffix) and goes back to the group's page, which shows it. */
  @POST
  @Path("groups/{group}/drtest/start")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.OPERATOR)
  public Response startDrTest(@PathParam("group") String name, Form form) {
    return page("Start a DR test of " + name, "groups", m -> {
      drTests.start(name, new dev.tandem.server.api.DrTestRequestDto(blankToNull(field(form, "cut")),
          blankToNull(field(form, "databaseSuffix"))), user());
      return moved(m, "groups/" + url(name) + "?notice=drtest-started");
    });
  }

  @POST
  @Path("groups/{group}/drtest/stop")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.OPERATOR)
  public Response stopDrTest(@PathParam("group") String name) {
    return page("Stop the DR test of " + name, "groups", m -> {
      drTests.stop(name, user());
      return moved(m, "groups/" + url(name) + "?notice=drtest-stopped");
    });
  }

  @POST
  @Path("groups/{group}/start")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.OPERATOR)
  public Response start(@PathParam("group") String name) {
    return page("Start a run of " + name, "groups", m -> {
      RunDto run = runs.start(name, user());
      return moved(m, "groups/" + url(name) + "/runs/" + url(run.id()));
    });
  }

  @POST
  @Path("groups/{group}/enable")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response enable(@PathParam("group") String name) {
    return page("Enable " + name, "groups", m -> {
      groups.enable(name, true, user());
      return moved(m, "groups/" + url(name) + "?notice=enabled");
    });
  }

  @POST
  @Path("groups/{group}/disable")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response disable(@PathParam("group") String name) {
    return page("Disable " + name, "groups", m -> {
      groups.enable(name, false, user());
      return moved(m, "groups/" + url(name) + "?notice=disabled");
    });
  }

  @GET
  @Path("new-group")
  @RequiresRole(Role.VIEWER)
  public Response newGroup() {
    return page("New protection group", "groups", m -> formModel(m, GroupForm.blank()));
  }

  @POST
  @Path("new-group")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response createGroup(Form form) {
    return page("New protection group", "groups", m -> submit(m, form, null));
  }

  @GET
  @Path("groups/{group}/edit")
  @RequiresRole(Role.VIEWER)
  public Response editGroup(@PathParam("group") String name) {
    return page("Edit " + name, "groups", m -> formModel(m, GroupForm.of(groups.get(name))));
  }

  @POST
  @Path("groups/{group}/edit")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response updateGroup(@PathParam("group") String name, Form form) {
    return page("Edit " + name, "groups", m -> {
      groups.get(name); // an unknown group is a 404 page, not a form
      return submit(m, form, name);
    });
  }

  /** One press of any of the form's buttons: edit the form and show it again, or save the group. */
  private String submit(Map<String, Object> m, Form form, String fixedName) {
    Map<String, List<String>> fields = form.asMap();
    GroupForm f = GroupForm.parse(fields, fixedName);
    if (f.applyEdits(fields)) {
      return formModel(m, f);
    }
    if (!f.check()) {
      m.put("httpStatus", 422);
      return formModel(m, f);
    }
    try {
      GroupDto saved = fixedName == null ? groups.create(f.request(), user())
          : groups.update(fixedName, f.request(), user());
      return moved(m, "groups/" + url(saved.name()) + "?notice=" + (fixedName == null ? "created" : "saved"));
    } catch (TandemException e) {
      f.reject(e);
      m.put("httpStatus", TandemExceptionMapper.map(e, requestLine()).code());
      return formModel(m, f);
    }
  }

  private String formModel(Map<String, Object> m, GroupForm f) {
    String primary = f.primary();
    if (f.hdfsBrowse() != null) {
      if (primary == null) {
        f.hdfsError("Choose the cluster pair first: the browser shows the primary site's directories.");
      } else {
        try {
          f.hdfsListing(sites.hdfs(primary, f.hdfsBrowse()));
        } catch (TandemException e) {
          f.hdfsError(e.getMessage());
        }
      }
    }
    if (f.hiveBrowse() != null) {
      if (primary == null) {
        f.hiveError("Choose the cluster pair first: the browser shows the primary site's metastore.");
      } else {
        try {
          f.hiveListing(f.hiveBrowse().isBlank() ? sites.hiveDatabases(primary)
              : sites.hiveTables(primary, f.hiveBrowse()));
        } catch (TandemException e) {
          f.hiveError(e.getMessage());
        }
      }
    }
    m.put("form", f);
    m.put("pairs", sites.pairs());
    m.put("zones", ZONES);
    return "group-form.ftlh";
  }

  @GET
  @Path("groups/{group}/delete")
  @RequiresRole(Role.VIEWER)
  public Response deleteConfirm(@PathParam("group") String name) {
    return page("Delete " + name, "groups", m -> {
      m.put("group", groups.get(name));
      return "group-delete.ftlh";
    });
  }

  @POST
  @Path("groups/{group}/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("group") String name) {
    return page("Delete " + name, "groups", m -> {
      GroupDto g = groups.get(name);
      try {
        groups.delete(name, user());
        return moved(m, "groups?notice=deleted");
      } catch (TandemException e) {
        ErrorResponse r = TandemExceptionMapper.map(e, requestLine());
        m.put("group", g);
        m.put("message", r.message());
        m.put("httpStatus", r.code());
        return "group-delete.ftlh";
      }
    });
  }

  // ---------------------------------------------------------------- user data

  /** The group's kept versions and the diff of two of them (by default, as the API chooses them). */
  @GET
  @Path("groups/{group}/userdata")
  @RequiresRole(Role.VIEWER)
  public Response userData(@PathParam("group") String name, @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return page("User data of " + name, "groups", m -> {
      m.put("group", groups.get(name));
      List<UserDataVersionDto> versions = userData.versions(name);
      m.put("versions", versions);
      if (versions.size() >= 2 || from != null || to != null) {
        try {
          m.put("diff", userData.diff(name, from, to));
        } catch (TandemException e) {
          ErrorResponse r = TandemExceptionMapper.map(e, requestLine());
          m.put("message", r.message());
          m.put("httpStatus", r.code());
        }
      }
      m.put("chosenFrom", from == null ? "" : from);
      m.put("chosenTo", to == null ? "" : to);
      return "userdata.ftlh";
    });
  }

  @GET
  @Path("groups/{group}/userdata/{cut}/apply")
  @RequiresRole(Role.VIEWER)
  public Response applyConfirm(@PathParam("group") String name, @PathParam("cut") String cut) {
    return page("Apply the user data of " + cut, "groups", m -> {
      m.put("group", groups.get(name));
      m.put("version", userData.record(name, cut).version());
      return "userdata-apply.ftlh";
    });
  }

  /**
   * Applies a version, or dry-runs it, and shows the report at once: it is not kept anywhere to move on to, and
   * posting again is harmless (applying is idempotent).
   */
  @POST
  @Path("groups/{group}/userdata/{cut}/apply")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.OPERATOR)
  public Response apply(@PathParam("group") String name, @PathParam("cut") String cut, Form form) {
    String mode = field(form, "mode");
    return page(("APPLY".equals(mode) ? "Applied" : "Dry run of") + " the user data of " + cut, "groups", m -> {
      m.put("group", groups.get(name));
      m.put("report", userData.apply(name, cut, mode, user()));
      return "userdata-report.ftlh";
    });
  }

  // ---------------------------------------------------------------- restore

  /** The group's kept cuts and the restore form. */
  @GET
  @Path("groups/{group}/restore")
  @RequiresRole(Role.VIEWER)
  public Response restoreForm(@PathParam("group") String name) {
    return page("Restore from " + name, "groups", m -> {
      GroupDto group = groups.get(name);
      restoreModel(m, group, new RestoreChoice("", group.primary(), "", "", "", "", "", false));
      return "restore.ftlh";
    });
  }

  /**
   * Restores, or dry-runs a restore, and shows the report on the same page with the form filled as it was; a refusal
   * (an existing target without the confirmation: 409, a bad field: 422) shows the API's message at that field.
   */
  @POST
  @Path("groups/{group}/restore")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.OPERATOR)
  public Response restore(@PathParam("group") String name, Form form) {
    RestoreChoice c = new RestoreChoice(field(form, "cut"), field(form, "site"), field(form, "path"),
        field(form, "table"), field(form, "partitions"), field(form, "targetPath"), field(form, "targetTable"),
        "true".equals(field(form, "overwrite")));
    boolean dryRun = !"RESTORE".equals(field(form, "mode"));
    return page((dryRun ? "Dry run of a restore from " : "Restore from ") + name, "groups", m -> {
      GroupDto group = groups.get(name);
      restoreModel(m, group, c);
      List<String> partitions = java.util.Arrays.stream(c.partitions().split(",")).map(String::trim)
          .filter(p -> !p.isEmpty()).toList();
      try {
        m.put("report", restores.restore(name, c.cut(), new RestoreRequestDto(c.site(), c.path(), c.table(), partitions,
            c.targetPath(), c.targetTable(), dryRun, c.overwrite()), user()));
      } catch (TandemException e) {
        ErrorResponse r = TandemExceptionMapper.map(e, requestLine());
        if (r.field() != null && RESTORE_FIELDS.contains(r.field())) {
          m.put("errors", Map.of(r.field(), r.message()));
        } else {
          m.put("message", r.message());
        }
        m.put("httpStatus", r.code());
      }
      return "restore.ftlh";
    });
  }

  private static final java.util.Set<String> RESTORE_FIELDS = java.util.Set.of("cut", "site", "path", "table",
      "partitions", "targetPath", "targetTable");

  private void restoreModel(Map<String, Object> m, GroupDto group, RestoreChoice chosen) {
    m.put("group", group);
    List<CutDto> cuts = restores.cuts(group.name());
    m.put("cuts", cuts);
    m.put("chosen", chosen.cut().isEmpty() && !cuts.isEmpty() ? chosen.withCut(cuts.get(cuts.size() - 1).id())
        : chosen);
    m.putIfAbsent("errors", Map.of());
  }

  /** The restore form as the operator filled it in. */
  public record RestoreChoice(String cut, String site, String path, String table, String partitions,
      String targetPath, String targetTable, boolean overwrite) {
    RestoreChoice withCut(String value) {
      return new RestoreChoice(value, site, path, table, partitions, targetPath, targetTable, overwrite);
    }
  }

  // ---------------------------------------------------------------- runs

  @GET
  @Path("runs")
  @RequiresRole(Role.VIEWER)
  public Response runList(@QueryParam("group") String group, @QueryParam("state") String state) {
    return page("Runs", "runs", m -> {
      m.put("groupNames", groups.list().stream().map(GroupDto::name).toList());
      m.put("filterGroup", group == null ? "" : group);
      m.put("filterState", state == null ? "" : state);
      try {
        m.put("runs", runRows(runs.list(group, state, null, "100")));
      } catch (TandemException e) {
        m.put("runs", List.of());
        m.put("message", e.getMessage());
        m.put("httpStatus", TandemExceptionMapper.map(e, requestLine()).code());
      }
      return "runs.ftlh";
    });
  }

  // ---------------------------------------------------------------- audit log

  @GET
  @Path("audit")
  @RequiresRole(Role.VIEWER)
  public Response auditList(@QueryParam("since") String since, @QueryParam("until") String until,
      @QueryParam("user") String user, @QueryParam("group") String group) {
    return page("Audit log", "audit", m -> {
      m.put("filterSince", since == null ? "" : since);
      m.put("filterUntil", until == null ? "" : until);
      m.put("filterUser", user == null ? "" : user);
      m.put("filterGroup", group == null ? "" : group);
      try {
        m.put("entries", audit.list(AuditQuery.parse(since, until, user, group, "200")));
      } catch (TandemException e) {
        m.put("entries", List.of());
        m.put("message", e.getMessage());
        m.put("httpStatus", TandemExceptionMapper.map(e, requestLine()).code());
      }
      return "audit.ftlh";
    });
  }

  /** Runs for a table: a running one with its live progress. */
  private List<Map<String, Object>> runRows(List<RunSummaryDto> list) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RunSummaryDto r : list) {
      Map<String, Object> row = new HashMap<>();
      row.put("run", r);
      if (r.state().equals("RUNNING")) {
        Map<String, Object> live = progress(r.group(), r.id());
        if (live != null) {
          row.put("progress", live.get("progress"));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  @GET
  @Path("groups/{group}/runs/{run}")
  @RequiresRole(Role.VIEWER)
  public Response run(@PathParam("group") String group, @PathParam("run") String id) {
    return page("Run " + id, "runs", m -> {
      RunDto run = runs.get(group, id);
      m.put("run", run);
      m.put("progress", RunProgress.of(run));
      return "run.ftlh";
    });
  }

  @POST
  @Path("groups/{group}/runs/{run}/cancel")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @RequiresRole(Role.OPERATOR)
  public Response cancel(@PathParam("group") String group, @PathParam("run") String id) {
    return page("Cancel run " + id, "runs", m -> {
      runs.cancel(group, id, user());
      return moved(m, "groups/" + url(group) + "/runs/" + url(id) + "?notice=cancelling");
    });
  }

  // ---------------------------------------------------------------- static files

  @GET
  @Path("static/{file}")
  @Public
  @Produces(MediaType.WILDCARD)
  public Response file(@PathParam("file") String file) {
    String type = STATIC.get(file);
    if (type == null) {
      throw new dev.tandem.model.NotFoundException("No such file: " + file);
    }
    try (InputStream in = UiResource.class.getResourceAsStream("/tandem-ui/static/" + file)) {
      if (in == null) {
        throw new IllegalStateException("Missing class path resource /tandem-ui/static/" + file);
      }
      return Response.ok(in.readAllBytes(), type).header("Cache-Control", "no-cache")
          .header("X-Content-Type-Options", "nosniff").build();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read /tandem-ui/static/" + file, e);
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** Fills the model of one page and names its template; may set {@code httpStatus} (default 200). */
  private interface Body {
    String fill(Map<String, Object> model);
  }

  /**
   * Renders a page. The model always holds {@code page} (title, links, caller, form token) and {@code fmt}. Any
   * exception becomes an error page with the status the API would answer, and its message; a 500 carries the id
   * under which the details were logged.
   */
  private Response page(String title, String nav, Body body) {
    String path = uri.getPath();
    String base = base(path);
    Caller caller = security.getUserPrincipal() instanceof Caller c ? c : null;
    String nonce = FormTokens.nonce(headers.getCookies().get(FormTokens.COOKIE));
    boolean newNonce = nonce == null;
    if (newNonce) {
      nonce = FormTokens.newNonce();
    }
    String notice = NOTICES.get(String.valueOf(uri.getQueryParameters().getFirst("notice")));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("page", new PageInfo(title, nav, base, base.isEmpty() ? "./" : base, base + "../api/v1/", caller == null ? "anonymous" : caller.user(),
        caller == null ? "viewer" : caller.role().label(), caller != null && caller.role().includes(Role.OPERATOR),
        caller != null && caller.role().includes(Role.ADMIN), FormTokens.FIELD, tokens.token(nonce), notice));
    m.put("fmt", fmt);
    String template;
    try {
      template = body.fill(m);
    } catch (RuntimeException e) {
      ErrorResponse r = TandemExceptionMapper.map(e, requestLine());
      if (r.errorId() != null) {
        LOG.error("Internal error {} while rendering {}", r.errorId(), requestLine(), e);
      } else {
        LOG.debug("{} answered {}: {}", requestLine(), r.code(), r.message());
      }
      m.put("error", r);
      m.put("httpStatus", r.code());
      template = "error.ftlh";
    }
    int code = m.get("httpStatus") instanceof Integer s ? s : 200;
    Response.ResponseBuilder response = Response.status(code).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(templates.render(template, m))
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .header("X-Frame-Options", "SAMEORIGIN");
    if (newNonce) {
      response.cookie(FormTokens.cookie(nonce, uri.getBaseUri().getPath() + "ui",
          "https".equals(uri.getBaseUri().getScheme())));
    }
    return response.build();
  }

  /** A form post succeeded: a page that moves on to {@code target} (relative to the UI's root). */
  private static String moved(Map<String, Object> m, String target) {
    PageInfo page = (PageInfo) m.get("page");
    m.put("target", page.base() + target);
    return "moved.ftlh";
  }

  /**
   * The way from a page's address back to the UI's root, e.g. {@code ../../} for {@code ui/groups/billing/edit}:
   * every link of a page starts with it, so pages work under any prefix.
   */
  static String base(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    int slashes = (int) p.chars().filter(c -> c == '/').count();
    return slashes == 0 ? "ui/" : "../".repeat(slashes - 1);
  }

  private String user() {
    return security.getUserPrincipal() instanceof Caller c ? c.user() : "anonymous";
  }

  private String requestLine() {
    return request.getMethod() + " /" + uri.getPath();
  }

  private static String field(Form form, String name) {
    List<String> v = form.asMap().get(name);
    return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0).trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * What every page knows.
   *
   * @param base the way back to the UI's root ({@code ""}, {@code ../}, ...), to put before a path
   * @param root the UI's root itself as a link ({@code ./}, {@code ../}, ...)
   * @param api the REST API's root, relative like {@code base}
   */
  public record PageInfo(String title, String nav, String base, String root, String api, String user, String role,
      boolean canOperate, boolean canAdmin, String csrfField, String csrfToken, String notice) {}
}
