package dev.tandem.engine.fake;

import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;
import dev.tandem.model.TandemException;
import java.util.EnumMap;
import java.util.Map;

/**
 * A {@link StepInterceptor} that a test scripts: fail before or after a step a number of times (a crash before the
 * step, or right after its side effects), or do something at that point (a writer on the primary, a lock lost).
 */
public final class ScriptedSteps implements StepInterceptor {
  private final Map<RunStep, Integer> failBefore = new EnumMap<>(RunStep.class);
  private final Map<RunStep, Integer> failAfter = new EnumMap<>(RunStep.class);
  private final Map<RunStep, Runnable> onBefore = new EnumMap<>(RunStep.class);

  /** The next {@code times} runs fail as they reach {@code step}, before it does anything. */
  public ScriptedSteps failBefore(RunStep step, int times) {
    failBefore.put(step, times);
    return this;
  }

  /** The next {@code times} runs fail right after {@code step} did its work. */
  public ScriptedSteps failAfter(RunStep step, int times) {
    failAfter.put(step, times);
    return this;
  }

  /** Runs {@code action} once, when the next run reaches {@code step} (after the run's own lock check). */
  public ScriptedSteps onBefore(RunStep step, Runnable action) {
    onBefore.put(step, action);
    return this;
  }

  @Override
  public void before(GroupName group, RunStep step) {
    Runnable action = onBefore.remove(step);
    if (action != null) {
      action.run();
    }
    fail(failBefore, step, "before");
  }

  @Override
  public void after(GroupName group, RunStep step) {
    fail(failAfter, step, "after");
  }

  private static void fail(Map<RunStep, Integer> script, RunStep step, String when) {
    int left = script.getOrDefault(step, 0);
    if (left > 0) {
      script.put(step, left - 1);
      throw new TandemException("Injected failure " + when + " " + step);
    }
  }
}
