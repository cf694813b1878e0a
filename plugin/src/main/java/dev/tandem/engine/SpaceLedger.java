package dev.tandem.engine;

import dev.tandem.model.SnapshotHolding;
import dev.tandem.model.SnapshotKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds up what snapshots hold beyond the live tree, counting each file once. A file that two snapshots hold
 * occupies its blocks once, so sums per snapshot would overstate the space; file ids tell which files are shared.
 * Pure: fed with each snapshot's {@link HeldFiles}, in any order.
 */
public final class SpaceLedger {
  private record Entry(String root, String name, SnapshotKind kind, Map<Long, Long> files) {}

  private final List<Entry> entries = new ArrayList<>();
  /** File id → the entries (indexes) holding it. */
  private final Map<Long, Set<Integer>> holders = new HashMap<>();
  private final Map<Long, Long> bytes = new HashMap<>();

  public SpaceLedger add(String root, String name, SnapshotKind kind, HeldFiles held) {
    int index = entries.size();
    entries.add(new Entry(root, name, kind, held.bytesByFile()));
    held.bytesByFile().forEach((id, b) -> {
      holders.computeIfAbsent(id, k -> new HashSet<>()).add(index);
      bytes.merge(id, b, Math::max);
    });
    return this;
  }

  /** Bytes of the files that at least one snapshot of {@code kind} holds, each file once. */
  public long held(SnapshotKind kind) {
    return union().getOrDefault(kind, 0L);
  }

  /** Per snapshot, in the order added: what it holds, and what only it holds among all snapshots added. */
  public List<SnapshotHolding> holdings() {
    List<SnapshotHolding> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      long held = 0;
      long exclusive = 0;
      for (Map.Entry<Long, Long> f : e.files().entrySet()) {
        held += f.getValue();
        if (holders.get(f.getKey()).size() == 1) {
          exclusive += f.getValue();
        }
      }
      out.add(new SnapshotHolding(e.root(), e.name(), e.kind(), held, exclusive));
    }
    return out;
  }

  private Map<SnapshotKind, Long> union() {
    Map<SnapshotKind, Long> out = new EnumMap<>(SnapshotKind.class);
    holders.forEach((id, in) -> {
      Set<SnapshotKind> kinds = new HashSet<>();
      in.forEach(i -> kinds.add(entries.get(i).kind()));
      kinds.forEach(k -> out.merge(k, bytes.get(id), Long::sum));
    });
    return out;
  }
}
