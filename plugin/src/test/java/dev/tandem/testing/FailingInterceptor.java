package dev.tandem.testing;

import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fails a chosen step, before or after its side effects, a given number of times; or runs an action there
 * once (to tamper with a site mid-run, as an operator or a disk might).
 */
public final class FailingInterceptor implements StepInterceptor {
  public enum When { BEFORE, AFTER }

  private volatile RunStep step;
  private volatile When when;
  private final AtomicInteger remaining = new AtomicInteger();

  /** Arms the interceptor: the next {@code times} passes through {@code step} fail at {@code when}. */
  public void failNext(RunStep step, When when, int times) {
    this.step = step;
    this.when = when;
    remaining.set(times);
  }

  private volatile Runnable action;

  /** Runs {@code action} once, right after {@code step}'s side effects. */
  public void actOnceAfter(RunStep step, Runnable action) {
    this.step = step;
    this.when = When.AFTER;
    this.action = action;
  }

  public void disarm() {
    remaining.set(0);
    action = null;
  }

  @Override
  public void before(GroupName group, RunStep s) {
    maybeFail(s, When.BEFORE);
  }

  @Override
  public void after(GroupName group, RunStep s) {
    maybeFail(s, When.AFTER);
  }

  private void maybeFail(RunStep s, When w) {
    Runnable once = action;
    if (once != null && s == step && w == when) {
      action = null;
      once.run();
      return;
    }
    if (s == step && w == when && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new InjectedFailure("injected crash " + w.name().toLowerCase() + " " + s);
    }
  }

  public static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
