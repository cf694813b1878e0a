package dev.tandem.server;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Progress;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Run;
import dev.tandem.model.RunReport;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.HiveFencing;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.model.StepTiming;
import dev.tandem.server.api.DataSetDto;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.api.ProgressDto;
import dev.tandem.server.api.ReportDto;
import dev.tandem.server.api.RunDto;
import dev.tandem.server.api.RunSummaryDto;
import dev.tandem.server.api.ScheduleDto;
import dev.tandem.server.api.StepDto;
import dev.tandem.server.api.VerificationDto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Between API DTOs and the model. Parsing validates and names the field of the request that is wrong. */
public final class ApiConverter {
  private ApiConverter() {}

  /**
   * A group from a request. On update {@code pathName} names the group and the body's name must be absent or
   * equal; on create it is null and the body must name the group.
   */
  public static ProtectionGroup group(GroupRequest r, String pathName) {
    InvalidInputException.check(r != null, "body", "Request body is required");
    String name = r.name();
    if (pathName != null) {
      InvalidInputException.check(name == null || name.equals(pathName), "name",
          "Name in the body ('%s') differs from the group in the path ('%s'); groups cannot be renamed", name,
          pathName);
      name = pathName;
    }
    InvalidInputException.check(name != null, "name", "Group name is required");
    GroupName groupName = GroupName.of(name);
    InvalidInputException.check(r.primary() != null, "primary", "Primary site is required");
    InvalidInputException.check(r.secondary() != null, "secondary", "Secondary site is required");
    ClusterPair pair = new ClusterPair(site(r.primary(), "primary"), site(r.secondary(), "secondary"));
    InvalidInputException.check(r.dataSets() != null && !r.dataSets().isEmpty(), "dataSets",
        "At least one data set is required");
    List<DataSet> sets = new ArrayList<>();
    for (int i = 0; i < r.dataSets().size(); i++) {
      sets.add(dataSet(r.dataSets().get(i), "dataSets[" + i + "]"));
    }
    InvalidInputException.check(r.schedule() != null, "schedule", "Schedule is required");
    Schedule schedule = Schedule.parse(r.schedule().backupMoment(), r.schedule().periodicity(), r.schedule().zone());
    SnapshotEnablement snapshots = option(SnapshotEnablement.class, r.snapshots(), SnapshotEnablement.EXISTING_ONLY,
        "snapshots");
    HiveFencing fencing = option(HiveFencing.class, r.hiveFencing(), HiveFencing.REQUIRED, "hiveFencing");
    int retention = r.retention() == null ? 7 : r.retention();
    return new ProtectionGroup(groupName, pair, sets, schedule, retention, snapshots,
        r.enabled() == null || r.enabled(), fencing);
  }

  /** A group option given by name, any case; {@code fallback} when absent; a 422 naming the field and the choices. */
  private static <E extends Enum<E>> E option(Class<E> type, String text, E fallback, String field) {
    if (text == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "Invalid " + field + ": '" + RunHandler.printable(text) + "' (use "
          + java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name)
              .collect(java.util.stream.Collectors.joining(" or ")) + ")");
    }
  }

  public static SiteId site(String value, String field) {
    try {
      return SiteId.of(value);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
  }

  static DataSet dataSet(DataSetDto d, String field) {
    InvalidInputException.check(d != null && d.kind() != null, field + ".kind",
        "Data set kind is required (hdfs, hive-database or hive-table)");
    try {
      return switch (d.kind()) {
        case "hdfs" -> HdfsDirectory.of(d.path());
        case "hive-database" -> new HiveDatabase(d.database());
        case "hive-table" -> new HiveTable(d.database(), d.table());
        default -> throw new InvalidInputException("kind", "Unknown data set kind '" + d.kind()
            + "' (use hdfs, hive-database or hive-table)");
      };
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field + "." + e.field(), e.getMessage());
    }
  }

  public static DataSetDto dataSet(DataSet d) {
    if (d instanceof HdfsDirectory h) {
      return new DataSetDto("hdfs", h.path(), null, null);
    }
    if (d instanceof HiveDatabase h) {
      return new DataSetDto("hive-database", null, h.database(), null);
    }
    HiveTable t = (HiveTable) d;
    return new DataSetDto("hive-table", null, t.database(), t.table());
  }

  public static ScheduleDto schedule(Schedule s) {
    return new ScheduleDto(String.format("%02d:%02d", s.backupMoment().getHour(), s.backupMoment().getMinute()),
        periodicity(s.periodicity()), s.zone().getId(), s.periodicity().getSeconds());
  }

  /** The shortest of {@code 1d}, {@code 4h}, {@code 30m}, {@code 90s} that says it exactly. */
  public static String periodicity(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  public static RunSummaryDto summary(Run run) {
    RunReport r = run.report();
    return new RunSummaryDto(run.id(), run.group().value(), run.state().name(),
        run.cut() == null ? null : run.cut().value(), run.startedAt(), run.endedAt(), run.error(),
        r == null || run.cut() == null ? null : r.mode().name(), r == null ? 0 : r.filesCopied(),
        r == null ? 0 : r.bytesCopied(), windowMs(run),
        r == null || r.verification() == null ? null : r.verification().ok(), run.requestedBy());
  }

  static Long windowMs(Run run) {
    if (run.cut() == null || run.report() == null || run.report().consistencyWindow() == null) {
      return null;
    }
    return run.report().consistencyWindow().toMillis();
  }

  public static RunDto run(Run run, Progress progress, boolean cancelRequested, String requestedBy) {
    RunReport r = run.report();
    List<StepDto> steps = run.steps().stream().map(ApiConverter::step).toList();
    ProgressDto p = progress == null || run.state().finished() ? null : new ProgressDto(progress.step().name(),
        progress.filesDone(), progress.filesTotal(), progress.bytesDone(), progress.bytesTotal(), progress.percent());
    VerificationDto v = r == null || r.verification() == null ? null : new VerificationDto(r.verification().ok(),
        r.verification().entriesCompared(), r.verification().checksumsCompared(), r.verification().mismatches());
    ReportDto report = r == null ? null : new ReportDto(r.mode().name(), r.method().name(), r.filesCopied(),
        r.bytesCopied(), r.pathsDeleted(), r.pathsRenamed(), r.notes(), scrub(run));
    return new RunDto(run.id(), run.group().value(), run.state().name(), run.cut() == null ? null : run.cut().value(),
        run.startedAt(), run.endedAt(), run.error(), p == null ? null : p.step(), p, windowMs(run), v, report, steps,
        cancelRequested, requestedBy != null ? requestedBy : run.requestedBy());
  }

  static dev.tandem.server.api.ScrubDto scrub(Run run) {
    dev.tandem.model.ScrubReport s = run.report().scrub();
    if (s.equals(dev.tandem.model.ScrubReport.NONE)) {
      return null;
    }
    Double share = null;
    if (run.endedAt() != null) {
      long runMs = Math.max(1, java.time.Duration.between(run.startedAt(), run.endedAt()).toMillis());
      share = Math.round(1000.0 * s.waited().toMillis() / runMs) / 10.0;
    }
    return new dev.tandem.server.api.ScrubDto(s.filesCompared(), s.filesDiffered(), s.differences(),
        s.took().toMillis(), share, s.wholeTree(), s.passesCompleted(), s.fullPassAt(), s.tablesCompared(),
        s.tablesDiffered(), s.waited().toMillis(), s.betweenRuns());
  }

  static StepDto step(StepTiming s) {
    return new StepDto(s.step().name(), s.startedAt(), s.took() == null ? 0 : s.took().toMillis(), s.ok(), s.detail());
  }
}
