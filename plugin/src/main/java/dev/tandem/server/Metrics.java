package dev.tandem.server;

import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The server's metrics, under the names promised to Ambari (appid {@code tandem_server}). Counters count runs
 * this server executed since it started; gauges are per group, and the lag only of enabled groups (a disabled
 * group's lag grows by design). Prometheus text replaces the dots by underscores
 * ({@code tandem.runs.succeeded} → {@code tandem_runs_succeeded}) and carries the group as a label; the Ambari
 * Metrics sink sends {@link #timelineSamples()}, the names the management pack's metrics.json declares.
 */
public final class Metrics {
  public static final String RUNS_SUCCEEDED = "tandem.runs.succeeded";
  public static final String RUNS_FAILED = "tandem.runs.failed";
  public static final String BYTES_COPIED = "tandem.bytes.copied";
  public static final String FILES_COPIED = "tandem.files.copied";
  /** Files the runs' continuous verification compared with the primary besides what changed. */
  public static final String SCRUB_FILES_COMPARED = "tandem.scrub.files.compared";
  /** Files the continuous verification found different from the primary (and copied again). */
  public static final String SCRUB_DIFFERENCES = "tandem.scrub.differences";
  public static final String CONSISTENCY_WINDOW_MS = "tandem.consistency.window.ms";
  public static final String GROUP_LAG_SECONDS = "tandem.group.lag.seconds";
  /** Raw bytes the group's kept cuts and drift snapshots hold beyond the live tree on its primary site. */
  public static final String SPACE_PRIMARY_BYTES = "tandem.snapshot.space.primary.bytes";
  /** The same on its secondary site. */
  public static final String SPACE_SECONDARY_BYTES = "tandem.snapshot.space.secondary.bytes";

  /** One value: {@code group} is null for server-wide counters. */
  public record Sample(String name, String group, double value, boolean counter) {}

  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong scrubbed = new AtomicLong();
  private final AtomicLong scrubDifferences = new AtomicLong();
  private final Map<String, Long> windowMs = new ConcurrentHashMap<>();
  private volatile Long lastWindowMs;
  private volatile Supplier<Map<String, Long>> lagSeconds = Map::of;
  private volatile Supplier<Map<String, long[]>> spaceBytes = Map::of;

  /** Where the per-group lag comes from (read at every scrape: lag grows while nothing happens). */
  void lagSource(Supplier<Map<String, Long>> source) {
    this.lagSeconds = source;
  }

  /**
   * Where the per-group snapshot space comes from: group → {primary, secondary} bytes, from the last measurement
   * (read at every scrape; never measured by it).
   */
  void spaceSource(Supplier<Map<String, long[]>> source) {
    this.spaceBytes = source;
  }

  void recordFinished(Run run) {
    (run.state() == RunState.SUCCEEDED ? succeeded : failed).incrementAndGet();
    if (run.report() != null) {
      bytes.addAndGet(run.report().bytesCopied());
      files.addAndGet(run.report().filesCopied());
      scrubbed.addAndGet(run.report().scrub().filesCompared());
      scrubDifferences.addAndGet(run.report().scrub().filesDiffered() + run.report().scrub().tablesDiffered());
      if (run.cut() != null && run.report().consistencyWindow() != null) {
        long ms = run.report().consistencyWindow().toMillis();
        windowMs.put(run.group().value(), ms);
        lastWindowMs = ms;
      }
    }
  }

  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    out.add(new Sample(RUNS_SUCCEEDED, null, succeeded.get(), true));
    out.add(new Sample(RUNS_FAILED, null, failed.get(), true));
    out.add(new Sample(BYTES_COPIED, null, bytes.get(), true));
    out.add(new Sample(FILES_COPIED, null, files.get(), true));
    out.add(new Sample(SCRUB_FILES_COMPARED, null, scrubbed.get(), true));
    out.add(new Sample(SCRUB_DIFFERENCES, null, scrubDifferences.get(), true));
    new TreeMap<>(windowMs).forEach((g, v) -> out.add(new Sample(CONSISTENCY_WINDOW_MS, g, v, false)));
    new TreeMap<>(lagSeconds.get()).forEach((g, v) -> out.add(new Sample(GROUP_LAG_SECONDS, g, v, false)));
    Map<String, long[]> space = new TreeMap<>(spaceBytes.get());
    space.forEach((g, v) -> out.add(new Sample(SPACE_PRIMARY_BYTES, g, v[0], false)));
    space.forEach((g, v) -> out.add(new Sample(SPACE_SECONDARY_BYTES, g, v[1], false)));
    return out;
  }

  /**
   * The samples under the names the Ambari management pack declares in its metrics.json, one series per name and
   * no group label (AMS metrics.json maps names, not instance ids): the counters;
   * {@code tandem.consistency.window.ms} of the newest cut; {@code tandem.group.lag.seconds.<group>} per enabled
   * group and {@code tandem.group.lag.seconds}, the largest of those; {@code tandem.snapshot.space.<primary|
   * secondary>.bytes.<group>} per measured group and, without the suffix, their sum. Gauges without a value yet are
   * left out.
   */
  public List<Sample> timelineSamples() {
    List<Sample> out = new ArrayList<>(samples().stream().filter(s -> s.group() == null).toList());
    Long window = lastWindowMs;
    if (window != null) {
      out.add(new Sample(CONSISTENCY_WINDOW_MS, null, window, false));
    }
    Map<String, Long> lags = new TreeMap<>(lagSeconds.get());
    if (!lags.isEmpty()) {
      out.add(new Sample(GROUP_LAG_SECONDS, null, java.util.Collections.max(lags.values()), false));
      lags.forEach((g, v) -> out.add(new Sample(GROUP_LAG_SECONDS + "." + g, null, v, false)));
    }
    Map<String, long[]> space = new TreeMap<>(spaceBytes.get());
    for (int i = 0; i < 2; i++) {
      String name = i == 0 ? SPACE_PRIMARY_BYTES : SPACE_SECONDARY_BYTES;
      int site = i;
      if (!space.isEmpty()) {
        out.add(new Sample(name, null, space.values().stream().mapToLong(v -> v[site]).sum(), false));
      }
      space.forEach((g, v) -> out.add(new Sample(name + "." + g, null, v[site], false)));
    }
    return out;
  }

  /** Prometheus text exposition format 0.0.4. */
  public String prometheus() {
    StringBuilder b = new StringBuilder();
    String current = null;
    for (Sample s : samples()) {
      String name = s.name().replace('.', '_');
      if (!s.name().equals(current)) {
        current = s.name();
        b.append("# HELP ").append(name).append(' ').append(help(s.name())).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(s.counter() ? "counter" : "gauge").append('\n');
      }
      b.append(name);
      if (s.group() != null) {
        b.append("{group=\"").append(s.group()).append("\"}");
      }
      b.append(' ').append(format(s.value())).append('\n');
    }
    return b.toString();
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static String help(String name) {
    return switch (name) {
      case RUNS_SUCCEEDED -> "Runs this server executed that committed a cut.";
      case RUNS_FAILED -> "Runs this server executed that failed or were cancelled.";
      case BYTES_COPIED -> "Bytes copied to the secondary by runs of this server.";
      case FILES_COPIED -> "Files copied to the secondary by runs of this server.";
      case SCRUB_FILES_COMPARED -> "Files the continuous verification of runs of this server compared with the primary.";
      case SCRUB_DIFFERENCES -> "Files the continuous verification found different from the primary and copied again.";
      case SPACE_PRIMARY_BYTES -> "Raw bytes the group's kept cuts and drift snapshots hold beyond the live tree "
          + "on its primary site, as last measured.";
      case SPACE_SECONDARY_BYTES -> "Raw bytes the group's kept cuts and drift snapshots hold beyond the live tree "
          + "on its secondary site, as last measured.";
      case CONSISTENCY_WINDOW_MS -> "How long writers were fenced for the group's last cut, in milliseconds.";
      default -> "Age of the group's last good cut, in seconds.";
    };
  }
}
