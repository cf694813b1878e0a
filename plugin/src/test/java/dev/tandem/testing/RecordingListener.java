package dev.tandem.testing;

import dev.tandem.engine.RunListener;
import dev.tandem.model.Progress;
import dev.tandem.model.Run;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every progress report and run update, for assertions on what an operator would have seen. */
public final class RecordingListener implements RunListener {
  private final List<Progress> progress = new CopyOnWriteArrayList<>();
  private final List<Run> updates = new CopyOnWriteArrayList<>();

  @Override
  public void onUpdate(Run run) {
    updates.add(run);
  }

  @Override
  public void onProgress(Run run, Progress p) {
    progress.add(p);
  }

  public List<Progress> progress() {
    return List.copyOf(progress);
  }

  public List<Run> updates() {
    return List.copyOf(updates);
  }

  public void clear() {
    progress.clear();
    updates.clear();
  }
}
