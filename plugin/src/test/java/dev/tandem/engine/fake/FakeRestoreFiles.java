package dev.tandem.engine.fake;

import dev.tandem.engine.CopyOutcome;
import dev.tandem.engine.RestoreFiles;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.RestoreEntry;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A site's files as a DR test reads them: paths that exist, each with the files and bytes below it. Copies are not
 * supported (restores have real-component tests). {@link #unreachable()} makes every call fail as a NameNode that is
 * gone does.
 */
public final class FakeRestoreFiles implements RestoreFiles {
  private final String label;
  private final Map<String, Summary> trees = new TreeMap<>();
  private boolean unreachable;

  public FakeRestoreFiles(String label) {
    this.label = label;
  }

  /** A directory at {@code path} holding {@code files} files of {@code bytes} bytes in all. */
  public synchronized FakeRestoreFiles tree(String path, long files, long bytes) {
    trees.put(path, new Summary(files, 1, bytes));
    return this;
  }

  public synchronized FakeRestoreFiles remove(String path) {
    trees.remove(path);
    return this;
  }

  public synchronized FakeRestoreFiles unreachable() {
    unreachable = true;
    return this;
  }

  @Override
  public synchronized Optional<RestoreEntry> stat(String path) {
    check();
    return trees.containsKey(path) ? Optional.of(new RestoreEntry(path, true, 0)) : Optional.empty();
  }

  @Override
  public synchronized Optional<Summary> summary(String path) {
    check();
    return Optional.ofNullable(trees.get(path));
  }

  @Override
  public Listing list(String path, int limit) {
    throw new UnsupportedOperationException("list");
  }

  @Override
  public CopyOutcome copy(String source, String target) {
    throw new UnsupportedOperationException("copy");
  }

  private void check() {
    if (unreachable) {
      throw new PeerUnavailableException("NameNode of " + label + " is not reachable (injected)", null);
    }
  }
}
