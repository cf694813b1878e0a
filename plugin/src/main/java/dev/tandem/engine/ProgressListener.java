package dev.tandem.engine;

import dev.tandem.model.Progress;

/** Receives a run's progress; called from the copying thread, so implementations must be quick. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void onProgress(Progress progress);
}
