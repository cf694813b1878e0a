package dev.tandem.server.ui;

import dev.tandem.model.CutId;
import dev.tandem.server.api.RunSummaryDto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The overview's two small charts per group, computed here and drawn as inline SVG by the template (no script,
 * no library): the duration of recent runs, and the lag (age of the last good cut) over the same time with the
 * RPO as a dashed line. The lag is a saw tooth: it grows with the clock and drops when a run commits a cut.
 */
public final class RunCharts {
  static final int WIDTH = 360;
  static final int HEIGHT = 130;
  static final int LEFT = 52;
  static final int RIGHT = 8;
  static final int TOP = 10;
  static final int BOTTOM = 22;

  /** One bar: a run. {@code css} is its state in lower case. */
  public record Bar(double x, double y, double width, double height, String css, String title) {}

  /** Text at a position; {@code anchor} is SVG's text-anchor. */
  public record Label(double x, double y, String text, String anchor) {}

  /**
   * @param line polyline points ({@code "x,y x,y"}), empty when there is none
   * @param rpoY where the RPO line is drawn; negative when there is none
   * @param empty what to say instead of a chart; null when there is a chart
   */
  public record Chart(String title, int width, int height, List<Bar> bars, String line, double rpoY, List<Label> labels,
      String empty) {
    public int plotLeft() {
      return LEFT;
    }

    public int plotRight() {
      return WIDTH - RIGHT;
    }

    public int plotTop() {
      return TOP;
    }

    public int plotBottom() {
      return HEIGHT - BOTTOM;
    }
  }

  private final Formats fmt;

  RunCharts(Formats fmt) {
    this.fmt = fmt;
  }

  /** Bars of the finished runs' durations, oldest left; {@code runs} newest first, as the API lists them. */
  Chart durations(List<RunSummaryDto> runs) {
    List<RunSummaryDto> done = runs.stream().filter(r -> r.endedAt() != null && r.startedAt() != null)
        .sorted(Comparator.comparing(RunSummaryDto::startedAt)).toList();
    String title = "Duration of the last " + done.size() + " runs";
    if (done.isEmpty()) {
      return new Chart(title, WIDTH, HEIGHT, List.of(), "", -1, List.of(), "No finished run yet");
    }
    long maxMs = Math.max(1, done.stream().mapToLong(RunCharts::millis).max().orElse(1));
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double slot = plotW / done.size();
    double barW = Math.max(2, Math.min(24, slot * 0.7));
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < done.size(); i++) {
      RunSummaryDto r = done.get(i);
      double h = Math.max(1, plotH * millis(r) / maxMs);
      bars.add(new Bar(round(LEFT + i * slot + (slot - barW) / 2), round(TOP + plotH - h), round(barW), round(h),
          r.state().toLowerCase(Locale.ROOT), r.id() + ": " + r.state() + ", " + fmt.millis(millis(r))));
    }
    List<Label> labels = List.of(
        new Label(LEFT - 4, TOP + 8, fmt.millis(maxMs), "end"),
        new Label(LEFT - 4, TOP + plotH, "0", "end"),
        new Label(LEFT, HEIGHT - 6, fmt.shortTime(done.get(0).startedAt()), "start"),
        new Label(WIDTH - RIGHT, HEIGHT - 6, fmt.shortTime(done.get(done.size() - 1).startedAt()), "end"));
    return new Chart(title, WIDTH, HEIGHT, bars, "", -1, labels, null);
  }

  /**
   * The lag from the first shown run until {@code now}: just after each successful run it is that run's age of
   * its cut, just before it the age of the previous cut. {@code rpoSeconds} is the group's periodicity.
   */
  Chart lag(List<RunSummaryDto> runs, long rpoSeconds, Instant lastGoodCutAt, Instant now) {
    List<RunSummaryDto> ok = runs.stream()
        .filter(r -> r.state().equals("SUCCEEDED") && r.endedAt() != null && r.cut() != null)
        .sorted(Comparator.comparing(RunSummaryDto::endedAt)).toList();
    String title = "Lag (age of the last good cut) against the RPO of " + fmt.seconds(rpoSeconds);
    if (ok.isEmpty() || lastGoodCutAt == null) {
      return new Chart(title, WIDTH, HEIGHT, List.of(), "", -1, List.of(), "No good cut yet");
    }
    List<double[]> points = new ArrayList<>(); // {epoch seconds, lag seconds}
    Instant previousCut = null;
    for (RunSummaryDto r : ok) {
      Instant cut = new CutId(r.cut()).instant();
      long end = r.endedAt().getEpochSecond();
      if (previousCut != null) {
        points.add(new double[] {end, end - previousCut.getEpochSecond()});
      }
      points.add(new double[] {end, end - cut.getEpochSecond()});
      previousCut = cut;
    }
    points.add(new double[] {now.getEpochSecond(), Math.max(0, Duration.between(lastGoodCutAt, now).getSeconds())});
    double t0 = ok.get(0).startedAt() == null ? points.get(0)[0] : ok.get(0).startedAt().getEpochSecond();
    double t1 = Math.max(t0 + 1, now.getEpochSecond());
    double maxLag = Math.max(rpoSeconds, points.stream().mapToDouble(p -> p[1]).max().orElse(1)) * 1.15;
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder line = new StringBuilder();
    for (double[] p : points) {
      double x = LEFT + plotW * (p[0] - t0) / (t1 - t0);
      double y = TOP + plotH - plotH * p[1] / maxLag;
      line.append(line.length() == 0 ? "" : " ").append(round(x)).append(',').append(round(y));
    }
    double rpoY = round(TOP + plotH - plotH * rpoSeconds / maxLag);
    List<Label> labels = List.of(
        new Label(LEFT - 4, rpoY + 4, "RPO " + fmt.seconds(rpoSeconds), "end"),
        new Label(LEFT - 4, TOP + plotH, "0", "end"),
        new Label(LEFT, HEIGHT - 6, fmt.shortTime(Instant.ofEpochSecond((long) t0)), "start"),
        new Label(WIDTH - RIGHT, HEIGHT - 6, "now", "end"));
    return new Chart(title, WIDTH, HEIGHT, List.of(), line.toString(), rpoY, labels, null);
  }

  private static long millis(RunSummaryDto r) {
    return Math.max(0, Duration.between(r.startedAt(), r.endedAt()).toMillis());
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
