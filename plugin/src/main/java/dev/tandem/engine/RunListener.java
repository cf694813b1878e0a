package dev.tandem.engine;

import dev.tandem.model.Progress;
import dev.tandem.model.Run;

/** Observes runs as they happen (the server's live progress, metrics). Called on the run's thread. */
public interface RunListener {
  RunListener NONE = new RunListener() {};

  default void onUpdate(Run run) {}

  default void onProgress(Run run, Progress progress) {}
}
