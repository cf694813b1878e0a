package dev.tandem.server.ui;

import dev.tandem.model.RunStep;
import dev.tandem.server.api.ProgressDto;
import dev.tandem.server.api.RunDto;
import dev.tandem.server.api.StepDto;

/**
 * A run's progress bar: one unit per step, the copy's share of REPLICATE filling its unit. {@code tandem.js}
 * computes the same from the run's JSON while the run executes; keep the two in step.
 *
 * @param value steps done (a fraction while copying), {@code max} when the run succeeded
 * @param step what it does now, e.g. {@code REPLICATE (step 6 of 10): 12 of 40 files, 34 %}; empty once finished
 */
public record RunProgress(double value, int max, String state, String step) {
  static final int STEPS = RunStep.values().length;

  static RunProgress of(RunDto run) {
    if (run.state().equals("SUCCEEDED")) {
      return new RunProgress(STEPS, STEPS, run.state(), "");
    }
    long done = run.steps().stream().filter(StepDto::ok).count();
    double value = done;
    ProgressDto p = run.progress();
    if (run.state().equals("RUNNING") && p != null && RunStep.REPLICATE.name().equals(p.step())) {
      value += p.percent() / 100.0;
    }
    return new RunProgress(Math.min(value, STEPS), STEPS, run.state(),
        run.state().equals("RUNNING") ? describe(run.currentStep(), done, p) : "");
  }

  static String describe(String current, long done, ProgressDto p) {
    if (current == null) {
      return "starting";
    }
    StringBuilder b = new StringBuilder(current).append(" (step ").append(Math.min(done + 1, STEPS))
        .append(" of ").append(STEPS).append(')');
    if (p != null && p.filesTotal() > 0) {
      b.append(": ").append(p.filesDone()).append(" of ").append(p.filesTotal()).append(" files, ")
          .append(p.percent()).append(" %");
    }
    return b.toString();
  }
}
