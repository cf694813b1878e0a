package dev.tandem.engine.fake;

import dev.tandem.engine.WriterFence;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import java.time.Duration;

/**
 * A group's writer fence in one process. {@link #failRaises(int)} makes the next raises time out as if writers
 * did not drain; {@link Writers#begin} refuses to start a write while the fence is up.
 */
public final class FakeWriterFence implements WriterFence, WriterFence.Writers {
  private final GroupName group;
  private boolean raised;
  private int raises;
  private int failures;

  public FakeWriterFence(GroupName group) {
    this.group = group;
  }

  public synchronized FakeWriterFence failRaises(int n) {
    failures = n;
    return this;
  }

  @Override
  public synchronized Raised raise(Duration drainTimeout) {
    if (failures > 0) {
      failures--;
      throw new ConflictException("Writers of group " + group + " did not drain within " + drainTimeout
          + " (injected)");
    }
    raised = true;
    raises++;
    return () -> {
      synchronized (FakeWriterFence.this) {
        raised = false;
      }
    };
  }

  public synchronized boolean isRaised() {
    return raised;
  }

  /** How many times the fence went up. */
  public synchronized int timesRaised() {
    return raises;
  }

  @Override
  public synchronized Write begin(Duration wait) {
    if (raised) {
      throw new ConflictException("Writers of group " + group + " are fenced");
    }
    return () -> { };
  }
}
