package dev.tandem.engine.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves {@code tick} forward every time it is read, so that every cut and run a test makes has its
 * own id (both are named by the clock, to the millisecond) and nothing depends on the machine's speed.
 */
public final class TickingClock extends Clock {
  private final Duration tick;
  private Instant now;

  public TickingClock(Instant start, Duration tick) {
    this.now = start;
    this.tick = tick;
  }

  public TickingClock() {
    this(Instant.parse("2026-11-24T15:00:00Z"), Duration.ofSeconds(1));
  }

  @Override
  public synchronized Instant instant() {
    now = now.plus(tick);
    return now;
  }

  /** Moves the clock without reading it (the hours between two scheduled runs). */
  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock has one zone");
  }
}
