package dev.tandem.server.ui;

import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds the next run of a group before a step until released, so that a test can look at it running. */
final class RunHold implements StepInterceptor {
  private volatile GroupName group;
  private volatile RunStep step;
  private volatile CountDownLatch reached = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(1);

  void arm(String groupName, RunStep at) {
    reached = new CountDownLatch(1);
    release = new CountDownLatch(1);
    step = at;
    group = GroupName.of(groupName);
  }

  boolean awaitReached(long seconds) throws InterruptedException {
    return reached.await(seconds, TimeUnit.SECONDS);
  }

  void release() {
    group = null;
    release.countDown();
  }

  @Override
  public void before(GroupName g, RunStep s) {
    if (g.equals(group) && s == step) {
      reached.countDown();
      try {
        release.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
