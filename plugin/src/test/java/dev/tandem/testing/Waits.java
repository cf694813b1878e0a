package dev.tandem.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for conditions that other threads make true. */
public final class Waits {
  private Waits() {}

  /** Waits until {@code condition} holds and returns how long that took; fails the test after {@code limit}. */
  public static Duration until(Duration limit, BooleanSupplier condition, Supplier<String> state) {
    long t0 = System.nanoTime();
    long deadline = t0 + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Not within " + limit.toMillis() + " ms: " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** Checks {@code invariant} continuously for {@code period}; fails at the first moment it does not hold. */
  public static void during(Duration period, BooleanSupplier invariant, Supplier<String> state) {
    long deadline = System.nanoTime() + period.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!invariant.getAsBoolean()) {
        throw new AssertionError("Invariant broken: " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
