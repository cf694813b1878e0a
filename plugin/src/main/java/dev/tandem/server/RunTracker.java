package dev.tandem.server;

import dev.tandem.engine.RunListener;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import dev.tandem.model.Progress;
import dev.tandem.model.Run;
import dev.tandem.model.RunStep;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runs this server executes now: their latest state and progress (from the engine's {@link RunListener}) and
 * their cancellation (through the engine's {@link StepInterceptor}: a cancelled run throws at its next step
 * boundary, so it stops between steps, never inside one, and the last good cut stays where it was).
 */
final class RunTracker implements RunListener, StepInterceptor {
  private final ConcurrentMap<GroupName, Active> active = new ConcurrentHashMap<>();
  private final Metrics metrics;
  private final StepInterceptor extra;
  private volatile java.util.function.Consumer<Run> afterFinished = run -> { };

  /** One executing run. Written by the run's thread, read by request threads. */
  static final class Active {
    final GroupName group;
    final String requestedBy;
    final CompletableFuture<Run> started = new CompletableFuture<>();
    volatile Run latest;
    volatile Progress progress;
    volatile String cancelledBy;

    Active(GroupName group, String requestedBy) {
      this.group = group;
      this.requestedBy = requestedBy;
    }
  }

  /** @param extra called around every step before the cancellation check (tests inject failures here) */
  RunTracker(Metrics metrics, StepInterceptor extra) {
    this.metrics = metrics;
    this.extra = extra;
  }

  /** Called with every run of this server once it finished (on the run's thread: hand work off quickly). */
  void afterFinished(java.util.function.Consumer<Run> action) {
    this.afterFinished = action;
  }

  /** Registers a run about to start; refuses a second run of the same group on this server. */
  Active begin(GroupName group, String requestedBy) {
    Active a = new Active(group, requestedBy);
    Active existing = active.putIfAbsent(group, a);
    if (existing != null) {
      Run r = existing.latest;
      throw new ConflictException("A run of group " + group + " is already in progress"
          + (r == null ? "" : " (" + r.id() + ")"));
    }
    return a;
  }

  void end(Active a) {
    active.remove(a.group, a);
  }

  Optional<Active> active(GroupName group) {
    return Optional.ofNullable(active.get(group));
  }

  Collection<Active> all() {
    return active.values();
  }

  @Override
  public void onUpdate(Run run) {
    Active a = active.get(run.group());
    if (a != null) {
      a.latest = run;
      a.started.complete(run);
    }
    if (run.state().finished()) {
      metrics.recordFinished(run);
      afterFinished.accept(run);
    }
  }

  @Override
  public void onProgress(Run run, Progress progress) {
    Active a = active.get(run.group());
    if (a != null) {
      a.latest = run;
      a.progress = progress;
    }
  }

  @Override
  public void before(GroupName group, RunStep step) {
    extra.before(group, step);
    Active a = active.get(group);
    if (a != null && a.cancelledBy != null) {
      throw new RunCancelledException("Cancelled by " + a.cancelledBy + " before step " + step
          + "; the last good cut is unchanged");
    }
  }

  @Override
  public void after(GroupName group, RunStep step) {
    extra.after(group, step);
  }
}
