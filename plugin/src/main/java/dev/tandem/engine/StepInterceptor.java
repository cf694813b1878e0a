package dev.tandem.engine;

import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;

/**
 * Called around every step of a run. Production uses {@link #NONE}; tests throw from here to simulate a
 * crash before a step or right after its side effects, which is how crash safety is proven step by step.
 */
public interface StepInterceptor {
  StepInterceptor NONE = new StepInterceptor() {};

  default void before(GroupName group, RunStep step) {}

  default void after(GroupName group, RunStep step) {}
}
