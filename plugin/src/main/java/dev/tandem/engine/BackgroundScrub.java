package dev.tandem.engine;

import dev.tandem.model.TandemException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A run's scrub comparison on a thread of its own, so that it overlaps the copy of the new cut instead of adding to
 * it: it only reads the two sites' snapshots of the last good cut, which nothing else in the run writes. The run
 * waits for it before SEAL and closes it on every way out, so no comparison outlives its run; one started between
 * runs is held by {@link ScrubsAhead} until the next run adopts it.
 */
final class BackgroundScrub implements AutoCloseable {
  private final ExecutorService thread;
  private final Future<Scrubber.Findings> findings;

  private BackgroundScrub(ExecutorService thread, Future<Scrubber.Findings> findings) {
    this.thread = thread;
    this.findings = findings;
  }

  static BackgroundScrub start(String name, Supplier<Scrubber.Findings> comparison) {
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    try {
      return new BackgroundScrub(thread, thread.submit(comparison::get));
    } finally {
      thread.shutdown(); // the one task still runs; the thread ends with it
    }
  }

  /** The comparison's findings, once it is done; its failure fails the run with its own message. */
  Scrubber.Findings await() {
    try {
      return findings.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TandemException("Interrupted while waiting for the scrub's comparison");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new TandemException("Scrub failed: " + RunCoordinator.message(cause), cause);
    } catch (CancellationException e) {
      throw new TandemException("The scrub's comparison was cancelled");
    }
  }

  /** Done, and failed: its findings are not to be had. */
  boolean failed() {
    if (!findings.isDone()) {
      return false;
    }
    try {
      findings.get();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (ExecutionException | CancellationException e) {
      return true;
    }
  }

  /** Waits until the comparison is done, or the time is up; says whether it is done. */
  boolean awaitDone(java.time.Duration timeout) {
    try {
      findings.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return findings.isDone();
    } catch (ExecutionException | CancellationException e) {
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    findings.cancel(true);
    thread.shutdownNow();
  }
}
