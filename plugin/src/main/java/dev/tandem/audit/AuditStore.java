package dev.tandem.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where one site keeps its audit entries. Writes are durable when {@link #append} returns; a store that cannot be
 * reached throws {@link dev.tandem.model.PeerUnavailableException}, and the entry is then not stored there.
 */
public interface AuditStore extends AutoCloseable {
  void append(AuditEntry entry);

  /** Entries matching {@code query}, newest first. */
  List<AuditEntry> list(AuditQuery query);

  /** Removes every entry recorded before {@code cutoff}'s day (whole days go at once); returns how many days. */
  int prune(Instant cutoff);

  @Override
  void close();
}
