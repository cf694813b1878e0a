package dev.tandem.engine;

import dev.tandem.model.RestoreEntry;
import java.util.List;
import java.util.Optional;

/**
 * A site's file system as a restore uses it. Paths are absolute and scheme-less; a cut's files are read through
 * its snapshot path ({@code <root>/.snapshot/<name>/...}). Adapters wrap I/O failures in
 * {@link dev.tandem.model.TandemException} with the path in the message.
 */
public interface RestoreFiles {
  /** The file or directory at {@code path}; empty when there is none. */
  Optional<RestoreEntry> stat(String path);

  /**
   * How many files and bytes the tree at {@code path} holds (a file: itself), as the NameNode counts them;
   * empty when there is nothing at the path.
   */
  Optional<Summary> summary(String path);

  /**
   * The tree at {@code path} (itself first, then everything below, parents before children), at most {@code limit}
   * entries; {@link Listing#total} counts them all.
   */
  Listing list(String path, int limit);

  /**
   * Makes {@code target} equal to {@code source}: the same files and bytes, owners, groups, permissions, ACLs,
   * extended attributes and times; what the target has beyond the source is deleted. Parents are created.
   * Idempotent: a second call copies nothing.
   */
  CopyOutcome copy(String source, String target);

  record Summary(long files, long directories, long bytes) {}

  record Listing(List<RestoreEntry> entries, long total) {
    public Listing {
      entries = List.copyOf(entries);
    }
  }
}
